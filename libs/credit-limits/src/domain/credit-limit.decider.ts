import { CalendarDate, Decider, DomainError, Money, addDays, assertNever, ensure, factDate, isCalendarDate, isCurrencyCode } from '@tc/kernel';
import {
  CreditLimitCommand,
  CreditLimitIdentity,
  ReduceCreditLimit,
  ReleaseExposure,
  ReserveExposure,
  SetCreditLimit,
  TopUpCreditLimit,
} from './credit-limit.commands';
import { CreditLimitEvent } from './credit-limit.events';
import {
  CreditLimitState,
  initialCreditLimitState,
  limitInForce,
  namedAmountInForce,
  reservationIndex,
  reservationOf,
} from './credit-limit.state';

// ---- input checks: the HTTP layer validates too, but other callers (process managers) do not pass through it

function invalid(field: string, message: string): never {
  throw new DomainError('VALIDATION_FAILED', `${field} ${message}`, { errors: [{ field, message }] });
}

function checkAmount(field: string, value: number, { positive = false } = {}): void {
  if (!Number.isSafeInteger(value) || value < (positive ? 1 : 0)) {
    invalid(field, positive ? 'must be a positive integer (minor units)' : 'must be a non-negative integer (minor units)');
  }
}

function checkDate(field: string, value: CalendarDate): void {
  if (!isCalendarDate(value)) invalid(field, 'must be a date (YYYY-MM-DD)');
}

function checkId(field: string, value: string): void {
  if (typeof value !== 'string' || value.length === 0) invalid(field, 'must be a non-empty string');
}

/** A command that may open the stream must name the same policy, debtor and currency as the stream. */
function checkIdentity(identity: CreditLimitIdentity, state: CreditLimitState): CreditLimitIdentity {
  checkId('policyId', identity.policyId);
  checkId('debtorId', identity.debtorId);
  if (!isCurrencyCode(identity.currency)) invalid('currency', 'must be an ISO 4217 currency code');
  const own = state.identity;
  if (!own) return { policyId: identity.policyId, debtorId: identity.debtorId, currency: identity.currency };
  ensure(own.policyId === identity.policyId && own.debtorId === identity.debtorId, 'IDENTITY_MISMATCH', 'the command names another policy or debtor than this credit limit', {
    policyId: own.policyId,
    debtorId: own.debtorId,
  });
  ensure(own.currency === identity.currency, 'CURRENCY_MISMATCH', `this credit limit is in ${own.currency}, not ${identity.currency}`, { currency: own.currency });
  return own;
}

const money = (minor: number, currency: string): string => Money.of(minor, currency).toString();

// ---- rules

function setCreditLimit({ data }: SetCreditLimit, state: CreditLimitState): CreditLimitEvent[] {
  const identity = checkIdentity(data, state);
  checkAmount('amount', data.amount);
  checkDate('effectiveFrom', data.effectiveFrom);
  checkDate('validUntil', data.validUntil);
  if (!Array.isArray(data.conditions) || data.conditions.some((c) => typeof c !== 'string')) invalid('conditions', 'must be a list of strings');
  const decidedOn = factDate('decidedAt', data.decidedAt, data.today);
  ensure(data.validUntil >= data.effectiveFrom, 'INVALID_PERIOD', `validUntil ${data.validUntil} is before effectiveFrom ${data.effectiveFrom}`, {
    effectiveFrom: data.effectiveFrom,
    validUntil: data.validUntil,
  });
  const latest = state.named.at(-1);
  const repeat =
    latest?.kind === 'SET' &&
    latest.amount === data.amount &&
    latest.effectiveFrom === data.effectiveFrom &&
    latest.validUntil === data.validUntil &&
    latest.decidedOn === decidedOn &&
    latest.conditions.length === data.conditions.length &&
    latest.conditions.every((c, i) => c === data.conditions[i]);
  if (repeat) return [];
  return [
    {
      type: 'CreditLimitSet',
      data: {
        ...identity,
        amount: data.amount,
        effectiveFrom: data.effectiveFrom,
        validUntil: data.validUntil,
        conditions: [...data.conditions],
        decidedAt: data.decidedAt,
        decidedOn,
        previousAmount: namedAmountInForce(state, data.effectiveFrom),
      },
    },
  ];
}

function reduceCreditLimit({ data }: ReduceCreditLimit, state: CreditLimitState): CreditLimitEvent[] {
  checkAmount('amount', data.amount);
  checkAmount('limitReductionNoticeDays', data.limitReductionNoticeDays);
  if (data.effectiveDate !== undefined) checkDate('effectiveDate', data.effectiveDate);
  ensure(state.identity && state.named.length > 0, 'NO_NAMED_LIMIT', 'there is no named limit on this debtor to reduce');
  const identity = state.identity;
  const noticeDate = factDate('noticeDate', data.noticeDate, data.today);
  const earliest = addDays(noticeDate, data.limitReductionNoticeDays);
  const effectiveDate = data.effectiveDate ?? earliest;
  ensure(effectiveDate >= earliest, 'NOTICE_PERIOD_NOT_RESPECTED', `a reduction noticed on ${noticeDate} takes effect on ${earliest} at the earliest`, {
    noticeDate,
    limitReductionNoticeDays: data.limitReductionNoticeDays,
    earliestEffectiveDate: earliest,
  });
  const current = namedAmountInForce(state, effectiveDate);
  ensure(current !== null, 'NO_NAMED_LIMIT', `no named limit is in force on ${effectiveDate}`, { effectiveDate });
  const latest = state.named.at(-1);
  if (latest?.kind === 'REDUCTION' && latest.amount === data.amount && latest.effectiveFrom === effectiveDate && latest.noticeDate === noticeDate) return [];
  ensure(data.amount < current, 'NOT_A_REDUCTION', `${money(data.amount, identity.currency)} is not lower than the named amount in force on ${effectiveDate} (${money(current, identity.currency)})`, {
    namedAmount: current,
    effectiveDate,
  });
  return [
    {
      type: 'CreditLimitReduced',
      data: {
        ...identity,
        amount: data.amount,
        previousAmount: current,
        noticeDate,
        effectiveDate,
        limitReductionNoticeDays: data.limitReductionNoticeDays,
      },
    },
  ];
}

function topUpCreditLimit({ data }: TopUpCreditLimit, state: CreditLimitState): CreditLimitEvent[] {
  const identity = checkIdentity(data, state);
  checkId('topUpId', data.topUpId);
  checkAmount('amount', data.amount, { positive: true });
  checkDate('from', data.from);
  checkDate('until', data.until);
  ensure(data.until >= data.from, 'INVALID_PERIOD', `until ${data.until} is before from ${data.from}`, { from: data.from, until: data.until });
  const same = state.topUps.find((t) => t.topUpId === data.topUpId);
  if (same) {
    ensure(same.amount === data.amount && same.from === data.from && same.until === data.until, 'DUPLICATE_TOP_UP', `top-up ${data.topUpId} was already recorded with other terms`, {
      topUpId: data.topUpId,
    });
    return [];
  }
  return [{ type: 'CreditLimitToppedUp', data: { ...identity, topUpId: data.topUpId, amount: data.amount, from: data.from, until: data.until } }];
}

/**
 * The rule: a new or increased reservation is accepted only if the reserved total after it
 * stays within the limit in force on its date. Lowering is always accepted, even while the
 * total stands above a reduced limit.
 */
function reserveExposure({ data }: ReserveExposure, state: CreditLimitState): CreditLimitEvent[] {
  const identity = checkIdentity(data, state);
  checkId('receivableId', data.receivableId);
  checkAmount('amount', data.amount);
  checkAmount('discretionaryLimit', data.discretionaryLimit);
  checkDate('date', data.date);
  const previousAmount = reservationOf(state, data.receivableId);
  if (data.amount === previousAmount && (data.shipped ?? false) === isShipped(state, data.receivableId)) return [];
  const limit = limitInForce(state, data.date, data.discretionaryLimit);
  const after = state.reservedTotal - previousAmount + data.amount;
  if (data.amount > previousAmount && after > limit) {
    const available = Math.max(0, limit - state.reservedTotal);
    throw new DomainError(
      'INSUFFICIENT_HEADROOM',
      `reserving ${money(data.amount, identity.currency)} on ${data.date} would take the reserved total to ${money(after, identity.currency)}, above the limit in force (${money(limit, identity.currency)}); available ${money(available, identity.currency)}`,
      { limitInForce: limit, reserved: state.reservedTotal, available, requested: data.amount, previousAmount, date: data.date },
    );
  }
  return [
    {
      type: 'ExposureReserved',
      data: {
        ...identity,
        receivableId: data.receivableId,
        amount: data.amount,
        previousAmount,
        date: data.date,
        reservedTotal: after,
        discretionaryLimit: data.discretionaryLimit,
        limitInForce: limit,
        shipped: data.shipped ?? false,
      },
    },
  ];
}

function releaseExposure({ data }: ReleaseExposure, state: CreditLimitState): CreditLimitEvent[] {
  checkId('receivableId', data.receivableId);
  checkDate('date', data.date);
  const previousAmount = reservationOf(state, data.receivableId);
  if (previousAmount === 0 || !state.identity) return [];
  return [
    {
      type: 'ExposureReleased',
      data: { ...state.identity, receivableId: data.receivableId, previousAmount, date: data.date, reservedTotal: state.reservedTotal - previousAmount },
    },
  ];
}

// ---- fold

const opened = (state: CreditLimitState, { policyId, debtorId, currency }: CreditLimitIdentity): CreditLimitState =>
  state.identity ? state : { ...state, identity: { policyId, debtorId, currency } };

/** Sets one receivable's reservation; one at 0 leaves the list, so a long stream keeps a small state. */
function isShipped(state: CreditLimitState, receivableId: string): boolean {
  const found = state.reservations[reservationIndex(state.reservations, receivableId)];
  return found?.receivableId === receivableId && found.shipped;
}

function withReservation(state: CreditLimitState, receivableId: string, amount: number, date: CalendarDate, shipped = false): CreditLimitState {
  const at = reservationIndex(state.reservations, receivableId);
  const found = state.reservations[at]?.receivableId === receivableId;
  const previous = found ? state.reservations[at].amount : 0;
  const reservation = { receivableId, amount, date, shipped };
  const reservations =
    amount > 0
      ? found
        ? state.reservations.with(at, reservation)
        : state.reservations.toSpliced(at, 0, reservation)
      : found
        ? state.reservations.toSpliced(at, 1)
        : state.reservations;
  return { ...state, reservations, reservedTotal: state.reservedTotal - previous + amount };
}

export const creditLimitDecider: Decider<CreditLimitState, CreditLimitCommand, CreditLimitEvent> = {
  initialState: initialCreditLimitState,

  decide(command, state) {
    switch (command.type) {
      case 'SetCreditLimit':
        return setCreditLimit(command, state);
      case 'ReduceCreditLimit':
        return reduceCreditLimit(command, state);
      case 'TopUpCreditLimit':
        return topUpCreditLimit(command, state);
      case 'ReserveExposure':
        return reserveExposure(command, state);
      case 'ReleaseExposure':
        return releaseExposure(command, state);
      default:
        return assertNever(command);
    }
  },

  evolve(current, event) {
    const state = opened(current, event.data);
    switch (event.type) {
      case 'CreditLimitSet': {
        const { amount, effectiveFrom, validUntil, conditions, decidedOn } = event.data;
        return { ...state, named: [...state.named, { kind: 'SET', amount, effectiveFrom, validUntil, conditions: [...conditions], decidedOn }] };
      }
      case 'CreditLimitReduced': {
        const { amount, effectiveDate, noticeDate } = event.data;
        return { ...state, named: [...state.named, { kind: 'REDUCTION', amount, effectiveFrom: effectiveDate, noticeDate }] };
      }
      case 'CreditLimitToppedUp': {
        const { topUpId, amount, from, until } = event.data;
        return { ...state, topUps: [...state.topUps, { topUpId, amount, from, until }] };
      }
      case 'ExposureReserved':
        return { ...withReservation(state, event.data.receivableId, event.data.amount, event.data.date, event.data.shipped), discretionaryLimit: event.data.discretionaryLimit };
      case 'ExposureReleased':
        return withReservation(state, event.data.receivableId, 0, event.data.date);
      default:
        return assertNever(event);
    }
  },
};
