import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, CalendarDate, Clock, DomainError, dateOf, deterministicUuid, isUuid, parseInstant } from '@tc/kernel';
import { CreditLimitsFacade } from '@tc/credit-limits';
import { DebtorsFacade } from '@tc/debtors';
import { PoliciesFacade } from '@tc/policies';
import { CommandMetadata, CommandOutcome, CommandPipeline, KeyedMutex, staleRevision } from '@tc/platform';
import {
  DecideClaim,
  DecideCover,
  Receivable,
  ReceivableCommand,
  ReceivableEvent,
  ReceivableState,
  RegisterReceivable,
  automaticDecision,
  insuredLossOf,
  isRegistered,
  receivableDecider,
  receivableStream,
  reservationOf,
} from '../domain';

export type ReceivableOutcome = CommandOutcome<ReceivableState, ReceivableEvent>;

/** The business date of an `…At` field (validated upstream), or today when it is absent. */
export const factDay = (value: string | undefined, clock: Clock): CalendarDate => dateOf((value && parseInstant(value)) || clock.now());

/** One receivable per invoice number and policy: the id derives from both, so the stream itself guards uniqueness. */
export const receivableIdFor = (policyId: string, invoiceNumber: string): string =>
  deterministicUuid('trade-credit/receivable', `${policyId}/${invoiceNumber.trim().toUpperCase()}`);

export function receivableStreamOf(receivableId: string): string {
  if (!isUuid(receivableId)) throw new DomainError('NOT_FOUND', `no receivable ${receivableId}`);
  return receivableStream(receivableId);
}

/**
 * Every change of a receivable, with what it implies on the other aggregates. The order of
 * writes follows DESIGN.md: exposure is RAISED on the credit limit before the decision that
 * needs it, and LOWERED after the receivable change that frees it; an indemnity is charged
 * on the policy before the approval that carries it. A crash between two writes therefore
 * leaves at worst a reservation or charge too high, never a decision without its cover:
 * the ExposureReconciler lowers or releases those. Commands on one receivable are queued in
 * this process so that the two-step sequences never interleave.
 */
@Injectable()
export class ReceivableWorkflow {
  private readonly receivables = new KeyedMutex();

  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly policies: PoliciesFacade,
    private readonly debtors: DebtorsFacade,
    private readonly limits: CreditLimitsFacade,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async load(receivableId: string): Promise<{ state: Receivable; revision: number }> {
    const { state, revision } = await this.pipeline.load(receivableStreamOf(receivableId), receivableDecider);
    if (!isRegistered(state)) throw new DomainError('NOT_FOUND', `no receivable ${receivableId}`);
    return { state, revision };
  }

  /** Step 1, and step 2 at once when the discretionary rules allow it. */
  async register(data: RegisterReceivable['data'], metadata: CommandMetadata): Promise<ReceivableOutcome> {
    const registered = await this.pipeline.execute({
      stream: receivableStreamOf(data.receivableId),
      decider: receivableDecider,
      command: { type: 'RegisterReceivable', data },
      metadata,
      effectiveDate: data.requestedAt ? factDay(data.requestedAt, this.clock) : data.invoiceDate,
    });
    const receivable = registered.state as Receivable;
    const exposure = await this.exposureOf(receivable, receivable.requestedOn);
    const rule = automaticDecision({ requestedCover: receivable.requestedCover, discretionaryLimit: receivable.terms.discretionaryLimit, ...exposure });
    if (!rule.automatic) return registered;
    const decision = { decision: rule.decision, amount: rule.amount, conditions: [], decidedAt: data.requestedAt ?? data.invoiceDate, automatic: true, today: data.today };
    return this.decideCover(data.receivableId, decision, { ...metadata, ifMatch: undefined }).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === 'INSUFFICIENT_HEADROOM') return registered; // taken meanwhile: an underwriter decides
      throw error;
    });
  }

  /** Step 2: reserve the granted cover on the credit limit, then record the decision. */
  decideCover(receivableId: string, data: DecideCover['data'], metadata: CommandMetadata): Promise<ReceivableOutcome> {
    return this.receivables.run(receivableId, async () => {
      const { state, revision } = await this.load(receivableId);
      if (metadata.ifMatch !== undefined && metadata.ifMatch !== revision) throw staleRevision(receivableId, metadata.ifMatch, revision);
      const command: DecideCover = { type: 'DecideCover', data };
      const [decided] = receivableDecider.decide(command, state); // refusals cost nothing: no reservation yet
      const decidedOn = factDay(data.decidedAt, this.clock);
      const granted = decided.type === 'CoverGranted' ? decided.data.amount : 0;
      const before = (await this.exposureOf(state, decidedOn)).reserved;
      // Raise only: a larger reservation (an earlier attempt, or a concurrent one) is lowered after the decision.
      if (granted <= before) return this.applyThenLower(receivableId, command, metadata, decidedOn);
      await this.limits.reserve(this.reservation(state, granted, decidedOn, false), metadata);
      try {
        return await this.applyThenLower(receivableId, command, metadata, decidedOn);
      } catch (error) {
        await this.limits.reserve(this.reservation(state, before, decidedOn, false), metadata); // undo the raise
        throw error;
      }
    });
  }

  /** Step 6: charge the indemnity on the policy year, then record the approval carrying it. */
  decideClaim(receivableId: string, data: Omit<DecideClaim['data'], 'indemnity'>, metadata: CommandMetadata): Promise<ReceivableOutcome> {
    return this.receivables.run(receivableId, async () => {
      const { state } = await this.load(receivableId);
      const decidedOn = factDay(data.decidedAt, this.clock);
      if (data.decision === 'REJECTED') return this.applyThenLower(receivableId, { type: 'DecideClaim', data }, metadata, decidedOn);
      receivableDecider.decide({ type: 'DecideClaim', data: { ...data, indemnity: 0 } }, state); // the transition must hold before charging
      const insuredLoss = insuredLossOf(state) ?? 0;
      const charge = await this.policies.chargeIndemnity(state.policyId, { receivableId, insuredLoss, decidedAt: data.decidedAt, today: data.today }, metadata);
      try {
        return await this.applyThenLower(receivableId, { type: 'DecideClaim', data: { ...data, indemnity: charge.indemnity } }, metadata, decidedOn);
      } catch (error) {
        await this.policies.releaseIndemnityCharge(state.policyId, receivableId, 'the claim decision was not recorded', metadata, data.today);
        throw error;
      }
    });
  }

  /**
   * Any other step: record it, then lower the reservation to what the receivable now needs.
   * `command` may find nothing to do (undefined): then nothing is written.
   */
  run(
    receivableId: string,
    command: (state: Receivable) => ReceivableCommand | undefined | Promise<ReceivableCommand | undefined>,
    metadata: CommandMetadata,
    effectiveDate: CalendarDate,
  ): Promise<ReceivableOutcome> {
    return this.receivables.run(receivableId, async () => {
      const { state, revision } = await this.load(receivableId);
      const next = await command(state);
      if (!next) return { stream: receivableStreamOf(receivableId), revision, position: undefined, state, events: [] };
      return this.applyThenLower(receivableId, next, metadata, effectiveDate, state);
    });
  }

  /**
   * Lowers (never raises) the reservation to what the receivable needs on `date` (the
   * business date of the fact just recorded), and marks it shipped once shipped.
   */
  async lowerReservation(state: Receivable, metadata: CommandMetadata, date: CalendarDate): Promise<void> {
    const exposure = await this.exposureOf(state, date);
    const needed = Math.min(reservationOf(state, date), exposure.reserved);
    const shipped = state.shipment !== null;
    if (needed === exposure.reserved && (needed === 0 || shipped === exposure.shipped)) return;
    await this.limits.reserve(this.reservation(state, needed, date, shipped), metadata);
  }

  exposureOf(state: Receivable, date: CalendarDate) {
    return this.limits.exposure(state.policyId, state.debtorId, state.receivableId, date, state.terms.discretionaryLimit);
  }

  /**
   * Records the command; a refusal writes nothing anywhere. Then frees what the new state no
   * longer needs — skipping the credit limit when the step cannot have changed the receivable's
   * reservation (most timer and dunning steps), which keeps them off the limit's stream.
   */
  private async applyThenLower(receivableId: string, command: ReceivableCommand, metadata: CommandMetadata, effectiveDate: CalendarDate, before?: Receivable) {
    const outcome = await this.pipeline.execute({ stream: receivableStreamOf(receivableId), decider: receivableDecider, command, metadata, effectiveDate });
    const after = outcome.state as Receivable;
    const unchanged = before && reservationOf(before, effectiveDate) === reservationOf(after, effectiveDate) && (before.shipment === null) === (after.shipment === null);
    if (outcome.events.length > 0 && !unchanged) await this.lowerReservation(after, metadata, effectiveDate);
    return outcome;
  }

  private reservation(state: Receivable, amount: number, date: CalendarDate, shipped: boolean) {
    const { policyId, debtorId, policyCurrency: currency, receivableId } = state;
    return { policyId, debtorId, currency, receivableId, amount, date, discretionaryLimit: state.terms.discretionaryLimit, shipped };
  }
}
