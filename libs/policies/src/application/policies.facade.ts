import { Injectable } from '@nestjs/common';
import { CalendarDate, DomainError } from '@tc/kernel';
import { CommandMetadata, CommandPipeline, Principal, assertPolicyAccess } from '@tc/platform';
import { IndemnityCharge, IssuedPolicy, PolicyOption, chargeOf, isOptionActive, policyDecider, policyStream } from '../domain';
import { policyStreamOf } from './policy-stream';

/**
 * How other contexts (credit limits, receivables) read and charge a policy: its terms,
 * currency and options arrive in their commands from here, never by importing its domain.
 */
@Injectable()
export class PoliciesFacade {
  constructor(private readonly pipeline: CommandPipeline) {}

  /** The issued policy and its revision; 404 when unknown, 403 when an integration token names another policy. */
  async get(policyId: string, principal?: Principal): Promise<{ policy: IssuedPolicy; revision: number }> {
    if (principal) assertPolicyAccess(principal, policyId);
    const { state, revision } = await this.pipeline.load(policyStreamOf(policyId), policyDecider);
    if (state.status === 'UNKNOWN') throw new DomainError('NOT_FOUND', `no policy ${policyId}`);
    return { policy: state, revision };
  }

  isOptionActive(policy: IssuedPolicy, option: PolicyOption, date: CalendarDate): boolean {
    return isOptionActive(policy, option, date);
  }

  /**
   * Charges an approved claim's indemnity on the policy year of its approval (excess-of-loss
   * first loss, insured %, deductible, threshold, maximum liability). Keyed by receivable:
   * charging again returns the charge already made.
   */
  async chargeIndemnity(
    policyId: string,
    charge: { receivableId: string; insuredLoss: number; decidedAt: string; today: CalendarDate },
    metadata: CommandMetadata,
  ): Promise<IndemnityCharge> {
    const outcome = await this.pipeline.execute({
      stream: policyStream(policyId),
      decider: policyDecider,
      command: { type: 'ChargeIndemnity', data: charge },
      metadata: { ...metadata, ifMatch: undefined },
      effectiveDate: charge.today,
    });
    const made = chargeOf(outcome.state, charge.receivableId);
    if (!made) throw new Error(`the indemnity charge of receivable ${charge.receivableId} was not recorded`);
    return made;
  }

  async releaseIndemnityCharge(policyId: string, receivableId: string, reason: string, metadata: CommandMetadata, today: CalendarDate): Promise<void> {
    await this.pipeline.execute({
      stream: policyStream(policyId),
      decider: policyDecider,
      command: { type: 'ReleaseIndemnityCharge', data: { receivableId, reason } },
      metadata: { ...metadata, ifMatch: undefined },
      effectiveDate: today,
    });
  }

  async chargeOf(policyId: string, receivableId: string): Promise<IndemnityCharge | undefined> {
    const { policy } = await this.get(policyId);
    return chargeOf(policy, receivableId);
  }
}
