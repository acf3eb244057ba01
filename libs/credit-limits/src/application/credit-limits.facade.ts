import { Injectable } from '@nestjs/common';
import { CalendarDate, DomainError, isUuid } from '@tc/kernel';
import { CommandMetadata, CommandOutcome, CommandPipeline, SnapshotPolicy } from '@tc/platform';
import {
  CREDIT_LIMIT_SNAPSHOT_VERSION,
  CreditLimitCommand,
  CreditLimitEvent,
  CreditLimitState,
  availableOn,
  coverCeiling,
  creditLimitDecider,
  creditLimitStream,
  namedAmountInForce,
  reservationIndex,
} from '../domain';

/** Credit-limit streams grow with every reservation: they load from a snapshot plus the events after it. */
export const CREDIT_LIMIT_SNAPSHOTS: SnapshotPolicy = { version: `creditlimit-v${CREDIT_LIMIT_SNAPSHOT_VERSION}`, every: 100 };

export function creditLimitStreamOf(policyId: string, debtorId: string): string {
  if (!isUuid(policyId) || !isUuid(debtorId)) throw new DomainError('NOT_FOUND', `no credit limit for policy ${policyId} and debtor ${debtorId}`);
  return creditLimitStream(policyId, debtorId);
}

/**
 * The one way to load and change a credit limit, for its own routes and for the
 * receivables that reserve exposure on it.
 */
@Injectable()
export class CreditLimitsFacade {
  constructor(private readonly pipeline: CommandPipeline) {}

  /** What a receivable needs to know of its debtor's limit on a date. */
  async exposure(policyId: string, debtorId: string, receivableId: string, date: CalendarDate, discretionaryLimit: number): Promise<ReceivableExposure> {
    const { state } = await this.load(policyId, debtorId);
    const found = state.reservations[reservationIndex(state.reservations, receivableId)];
    const own = found?.receivableId === receivableId ? found : undefined;
    return {
      hasNamedLimit: namedAmountInForce(state, date) !== null,
      available: availableOn(state, date, discretionaryLimit),
      reserved: own?.amount ?? 0,
      shipped: own?.shipped ?? false,
      coverCeiling: coverCeiling(state, receivableId, date, discretionaryLimit),
    };
  }

  /** Sets a receivable's reservation (make, raise, lower; 0 releases). Repeating it is a no-op. */
  reserve(reservation: ReservationRequest, metadata: CommandMetadata): Promise<CommandOutcome<CreditLimitState, CreditLimitEvent>> {
    const { policyId, debtorId, currency, receivableId, amount, date, discretionaryLimit, shipped } = reservation;
    const command: CreditLimitCommand =
      amount === 0
        ? { type: 'ReleaseExposure', data: { receivableId, date } }
        : { type: 'ReserveExposure', data: { policyId, debtorId, currency, receivableId, amount, date, discretionaryLimit, shipped } };
    return this.execute(policyId, debtorId, command, { ...metadata, ifMatch: undefined }, date);
  }

  load(policyId: string, debtorId: string) {
    return this.pipeline.load(creditLimitStreamOf(policyId, debtorId), creditLimitDecider, CREDIT_LIMIT_SNAPSHOTS);
  }

  execute(
    policyId: string,
    debtorId: string,
    command: CreditLimitCommand,
    metadata: CommandMetadata,
    effectiveDate: CalendarDate,
  ): Promise<CommandOutcome<CreditLimitState, CreditLimitEvent>> {
    return this.pipeline.execute({
      stream: creditLimitStreamOf(policyId, debtorId),
      decider: creditLimitDecider,
      command,
      metadata,
      effectiveDate,
      snapshots: CREDIT_LIMIT_SNAPSHOTS,
    });
  }
}

export interface ReceivableExposure {
  readonly hasNamedLimit: boolean;
  /** Headroom on the date: limit in force − reserved, at least 0. */
  readonly available: number;
  /** This receivable's reservation now. */
  readonly reserved: number;
  readonly shipped: boolean;
  /** After a reduction took effect: what the limit leaves for this receivable; null otherwise. */
  readonly coverCeiling: number | null;
}

export interface ReservationRequest {
  readonly policyId: string;
  readonly debtorId: string;
  readonly currency: string;
  readonly receivableId: string;
  readonly amount: number;
  readonly date: CalendarDate;
  readonly discretionaryLimit: number;
  readonly shipped: boolean;
}
