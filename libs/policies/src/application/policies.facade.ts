import { Injectable } from '@nestjs/common';
import { DomainError } from '@tc/kernel';
import { CommandPipeline, Principal, assertPolicyAccess } from '@tc/platform';
import { IssuedPolicy, policyDecider } from '../domain';
import { policyStreamOf } from './policy-stream';

/**
 * How other contexts (credit limits, receivables) read a policy: its terms, currency and
 * options arrive in their commands from here, never by importing the policy's domain.
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
}
