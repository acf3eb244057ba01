import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { CLOCK, CalendarDate, Clock, DomainError, Money, deterministicUuid } from '@tc/kernel';
import { StoredEvent } from '@tc/eventstore';
import { PoliciesFacade } from '@tc/policies';
import { PROCESS_RUNNER, PROJECTOR, ProcessManager, ProcessRunner, Projector, ReadSide } from '@tc/projector';
import { READ_STORE, ReadStore } from '@tc/readstore';
import { namedAmountInForce } from '../domain';
import { CreditLimitsFacade } from '../application/credit-limits.facade';
import { CREDIT_LIMITS_BY_DEBTOR_VIEW, CreditLimitIndexDoc, creditLimitsByDebtorProjection } from '../projections/credit-limits-by-debtor.projection';

/** DOMAIN.md: a fall to grade 3 reduces every named limit to 50 %; a fall to 2 or lower withdraws them. */
export function reducedAmount(named: number, grade: number, currency: string): number | undefined {
  if (grade <= 2) return 0;
  if (grade === 3) return Money.of(named, currency).percentage(50).minor;
  return undefined;
}

/**
 * The limit side of monitoring: on a rating fall to 3 or lower, every named limit on that
 * debtor (under every policy) is reduced, the rating's date being the notice date, effective
 * after the policy's notice period. Replaying the event repeats an identical reduction, which
 * the credit limit records once.
 */
@Injectable()
export class RatingReductionsProcess implements ProcessManager, OnModuleInit {
  readonly name = 'rating-reductions';
  readonly eventTypes = ['DebtorRated'];

  constructor(
    @Inject(PROCESS_RUNNER) private readonly runner: ProcessRunner,
    @Inject(PROJECTOR) private readonly projector: Projector,
    @Inject(READ_STORE) private readonly views: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readSide: ReadSide,
    private readonly limits: CreditLimitsFacade,
    private readonly policies: PoliciesFacade,
  ) {}

  onModuleInit(): void {
    this.projector.register(creditLimitsByDebtorProjection);
    this.runner.register(this);
  }

  async handle(event: StoredEvent): Promise<void> {
    const { debtorId, grade, previousGrade, ratedOn } = event.data as { debtorId: string; grade: number; previousGrade: number | null; ratedOn: CalendarDate };
    if (previousGrade === null || grade >= previousGrade || grade > 3) return;
    if (!(await this.readSide.caughtUp([creditLimitsByDebtorProjection.name], event.position))) {
      throw new Error(`the credit-limit index has not reached ${event.position} yet`); // retried from the checkpoint
    }
    const { items } = await this.views.find<CreditLimitIndexDoc>(CREDIT_LIMITS_BY_DEBTOR_VIEW, { where: { debtorId }, limit: 500 });
    for (const { policyId } of items) await this.reduce(policyId, debtorId, grade, ratedOn, event);
  }

  private async reduce(policyId: string, debtorId: string, grade: number, ratedOn: CalendarDate, event: StoredEvent): Promise<void> {
    const [{ policy }, { state }] = await Promise.all([this.policies.get(policyId), this.limits.load(policyId, debtorId)]);
    const named = namedAmountInForce(state, ratedOn);
    const amount = named === null ? undefined : reducedAmount(named, grade, policy.currency);
    if (amount === undefined) return;
    const metadata = {
      actor: { sub: 'debtor-monitoring', role: 'system' },
      correlationId: event.metadata.correlationId,
      commandId: deterministicUuid('trade-credit/rating-reduction', `${event.metadata.eventId}/${policyId}`),
    };
    const command = { type: 'ReduceCreditLimit' as const, data: { amount, noticeDate: ratedOn, limitReductionNoticeDays: policy.terms.limitReductionNoticeDays, today: this.clock.today() } };
    await this.limits.execute(policyId, debtorId, command, metadata, ratedOn).catch((error: unknown) => {
      // Already at or below that amount (an earlier reduction, a replay): nothing to reduce.
      if (!(error instanceof DomainError && (error.code === 'NOT_A_REDUCTION' || error.code === 'NO_NAMED_LIMIT'))) throw error;
    });
  }
}
