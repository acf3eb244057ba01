import { randomUUID } from 'node:crypto';
import { Inject, ServiceUnavailableException } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, CalendarDate, Clock, deterministicUuid, factDate } from '@tc/kernel';
import { DebtorsFacade } from '@tc/debtors';
import { EVENT_STORE, EventStore, Position } from '@tc/eventstore';
import { PoliciesFacade } from '@tc/policies';
import { CommandMetadata, CommandPipeline, CommandResponseBody, KeyedMutex, assertPolicyAccess, commandMetadata } from '@tc/platform';
import { ReadSide } from '@tc/projector';
import { READ_STORE, ReadStore } from '@tc/readstore';
import {
  DebtorPaymentPlan,
  PlannedAllocation,
  Receivable,
  ReceivableCommand,
  ReceivableStatus,
  allocateDebtorPayment,
  allocationPaymentId,
  debtorPaymentDecider,
  debtorPaymentStream,
  outstandingOf,
  receivableDecider,
} from '../../domain';
import { RECEIVABLES_PROJECTION, RECEIVABLES_VIEW, ReceivableDoc } from '../../projections/receivables.projection';
import { ReceivableWorkflow } from '../receivable-workflow';
import { RecordDebtorPaymentCommand } from './record-debtor-payment.controller';

export interface AppliedAllocation extends PlannedAllocation {
  readonly status: ReceivableStatus;
  readonly outstanding: number;
  readonly revision: number;
}

export type DebtorPaymentResponse = CommandResponseBody & Omit<DebtorPaymentPlan, 'allocations' | 'debtorPaymentId'> & { readonly allocations: AppliedAllocation[] };

/** The receivable command one allocation sends: a payment before the indemnity, a shared recovery after it. */
function allocationCommand(allocation: PlannedAllocation, plan: Pick<DebtorPaymentPlan, 'receivedAt' | 'reference'>, today: CalendarDate): ReceivableCommand {
  return allocation.as === 'PAYMENT'
    ? { type: 'RecordPayment', data: { paymentId: allocation.paymentId, amount: allocation.amount, receivedAt: plan.receivedAt, reference: plan.reference, today } }
    : { type: 'RecordRecovery', data: { recoveryId: allocation.paymentId, amount: allocation.amount, recoveredAt: plan.receivedAt, today } };
}

/**
 * DOMAIN.md "Debtor-level payments". The candidates come from the receivables view (once it
 * holds every event stored so far), their authoritative states from their streams; the
 * domain allocates, and every allocation is tried on its state before anything is written,
 * so a refusal (OVERPAYMENT, FUTURE_DATE, …) writes nothing. The plan is recorded first on its
 * own stream (no_stream; its id derives from the Idempotency-Key when there is one), then each
 * allocation is applied with an id derived from the plan and the receivable: a retry after a
 * crash finds the plan and completes it, recording nothing twice.
 */
@CommandHandler(RecordDebtorPaymentCommand)
export class RecordDebtorPaymentHandler implements ICommandHandler<RecordDebtorPaymentCommand, DebtorPaymentResponse> {
  /** One debtor payment at a time per policy × debtor in this process: two never allocate the same outstanding. */
  private readonly ledgers = new KeyedMutex();

  constructor(
    private readonly workflow: ReceivableWorkflow,
    private readonly pipeline: CommandPipeline,
    private readonly policies: PoliciesFacade,
    private readonly debtors: DebtorsFacade,
    private readonly readSide: ReadSide,
    @Inject(READ_STORE) private readonly views: ReadStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ debtorId, body: { comment, ...payment }, context }: RecordDebtorPaymentCommand): Promise<DebtorPaymentResponse> {
    assertPolicyAccess(context.principal, payment.policyId);
    await Promise.all([this.debtors.get(debtorId), this.policies.get(payment.policyId)]);
    const today = this.clock.today();
    const request = { ...payment, debtorId, receivedOn: factDate('receivedAt', payment.receivedAt, today) };
    const id = context.idempotencyKey ? deterministicUuid('trade-credit/debtor-payment', `${payment.policyId}/${debtorId}/${context.idempotencyKey}`) : randomUUID();
    const metadata = commandMetadata(context, comment);
    return this.ledgers.run(`${payment.policyId}/${debtorId}`, async () => {
      const stream = debtorPaymentStream(id);
      const recorded = await this.pipeline.load(stream, debtorPaymentDecider);
      const allocations = recorded.state.status === 'NONE' ? await this.allocate(id, request, today) : [];
      const outcome = await this.pipeline.execute({
        stream,
        decider: debtorPaymentDecider,
        command: { type: 'RecordDebtorPayment', data: { debtorPaymentId: id, ...request, allocations } },
        metadata: { ...metadata, ifMatch: undefined },
        effectiveDate: request.receivedOn,
      });
      if (outcome.state.status !== 'ALLOCATED') throw new Error(`debtor payment ${id} was not recorded`);
      return this.apply(outcome.state, outcome.revision, outcome.position, metadata, today);
    });
  }

  /** The plan: refused as a whole (nothing written) when the domain refuses the allocation or any of its steps. */
  private async allocate(id: string, request: Omit<DebtorPaymentPlan, 'allocations' | 'debtorPaymentId'>, today: CalendarDate): Promise<PlannedAllocation[]> {
    const states = await Promise.all((await this.candidates(request)).map(async (receivableId) => (await this.workflow.load(receivableId)).state));
    const byId = new Map<string, Receivable>(states.map((state) => [state.receivableId, state]));
    const planned = allocateDebtorPayment(states, request.amount, request.currency).map((a) => ({ ...a, paymentId: allocationPaymentId(id, a.receivableId) }));
    for (const allocation of planned) receivableDecider.decide(allocationCommand(allocation, request, today), byId.get(allocation.receivableId) as Receivable);
    return planned;
  }

  /** Open receivables of the debtor under the policy in that currency that still owe something, from a view that has caught up. */
  private async candidates({ policyId, debtorId, currency }: { policyId: string; debtorId: string; currency: string }): Promise<string[]> {
    const head = await this.events.headPosition();
    if (head !== undefined) {
      const reached = await this.readSide.reached([RECEIVABLES_PROJECTION], head);
      if (reached === undefined || this.events.comparePositions(reached, head) < 0) {
        throw new ServiceUnavailableException('the receivables view is still catching up; try again in a moment');
      }
    }
    const ids: string[] = [];
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const page = await this.views.find<ReceivableDoc>(RECEIVABLES_VIEW, { where: { debtorId, policyId, currency, owing: true }, sort: { field: 'dueDate' }, limit: 500, cursor });
      ids.push(...page.items.map((doc) => doc.id));
      cursor = page.nextCursor;
    }
    return ids;
  }

  private async apply(plan: DebtorPaymentPlan, revision: number, planPosition: Position | undefined, metadata: CommandMetadata, today: CalendarDate): Promise<DebtorPaymentResponse> {
    let position = planPosition;
    const applied: AppliedAllocation[] = [];
    for (const allocation of plan.allocations) {
      const outcome = await this.workflow.run(allocation.receivableId, () => allocationCommand(allocation, plan, today), { ...metadata, ifMatch: undefined, commandId: allocation.paymentId }, plan.receivedOn);
      if (outcome.position !== undefined && (position === undefined || this.events.comparePositions(outcome.position, position) > 0)) position = outcome.position;
      const receivable = outcome.state as Receivable;
      applied.push({ ...allocation, status: receivable.status, outstanding: outstandingOf(receivable), revision: outcome.revision });
    }
    // A retry that found everything recorded still answers a position that covers the plan: the head.
    position ??= await this.events.headPosition();
    const { debtorPaymentId, allocations: _planned, ...details } = plan;
    return { id: debtorPaymentId, status: 'ALLOCATED', revision, position: position ?? null, ...details, allocations: applied };
  }
}
