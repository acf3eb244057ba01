import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock, DomainError } from '@tc/kernel';
import { CommandPipeline, CommandResponseBody, commandMetadata } from '@tc/platform';
import { ParentPolicy, policyDecider, policyStream, quoteDecider, quoteStream } from '../../domain';
import { PoliciesFacade } from '../policies.facade';
import { IssuePolicyCommand } from './issue-policy.command';

/**
 * Issues the policy; a sub-policy is then attached to its master (idempotent), so the
 * master's figures roll up. The premium rate defaults to a recorded quote's rate.
 */
@CommandHandler(IssuePolicyCommand)
export class IssuePolicyHandler implements ICommandHandler<IssuePolicyCommand, CommandResponseBody> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly policies: PoliciesFacade,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ body, context }: IssuePolicyCommand): Promise<CommandResponseBody> {
    const { comment, policyholder, product, currency, effectiveFrom, annualPremium, estimatedTurnover, parentPolicyId, quoteId, premiumRate, ...terms } = body;
    const policyId = randomUUID();
    const metadata = commandMetadata({ ...context, ifMatch: undefined }, comment);
    const now = this.clock.now().toISOString();
    const outcome = await this.pipeline.execute({
      stream: policyStream(policyId),
      decider: policyDecider,
      command: {
        type: 'IssuePolicy',
        data: {
          policyId,
          policyholder,
          product,
          currency,
          effectiveFrom,
          annualPremium,
          premiumRate: premiumRate ?? (quoteId ? await this.quotedRate(quoteId, currency) : undefined),
          estimatedTurnover,
          terms,
          parent: parentPolicyId ? await this.parent(parentPolicyId) : undefined,
          issuedAt: now,
          today: this.clock.today(),
        },
      },
      metadata,
      effectiveDate: this.clock.today(),
    });
    if (parentPolicyId) {
      await this.pipeline.execute({
        stream: policyStream(parentPolicyId),
        decider: policyDecider,
        command: { type: 'AttachSubPolicy', data: { subPolicyId: policyId, currency, attachedAt: now } },
        metadata,
        effectiveDate: this.clock.today(),
      });
    }
    return { id: policyId, status: 'ISSUED', revision: outcome.revision, position: outcome.position ?? null };
  }

  private async parent(parentPolicyId: string): Promise<ParentPolicy> {
    const { policy } = await this.policies.get(parentPolicyId).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === 'NOT_FOUND') {
        throw new DomainError('PRODUCT_CONSTRAINT', `the master policy ${parentPolicyId} does not exist`, { parentPolicyId });
      }
      throw error;
    });
    return { policyId: policy.policyId, product: policy.product, isSubPolicy: policy.parentPolicyId !== null };
  }

  private async quotedRate(quoteId: string, currency: string): Promise<number> {
    const { state } = await this.pipeline.load(quoteStream(quoteId), quoteDecider);
    if (!state.recorded) throw new DomainError('NOT_FOUND', `no quote ${quoteId}`);
    const { quote } = state.recorded;
    if (quote.currency !== currency) throw new DomainError('PRODUCT_CONSTRAINT', `quote ${quoteId} is in ${quote.currency}, the policy in ${currency}`);
    return quote.rate;
  }
}
