import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '@tc/kernel';
import { policyView } from '../../domain';
import { PoliciesFacade } from '../policies.facade';
import { GetPolicyQuery } from './get-policy.query';
import { PolicyWithRollUp, rollUp } from './policy-roll-up';

@QueryHandler(GetPolicyQuery)
export class GetPolicyHandler implements IQueryHandler<GetPolicyQuery, PolicyWithRollUp> {
  constructor(
    private readonly policies: PoliciesFacade,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ policyId, principal }: GetPolicyQuery): Promise<PolicyWithRollUp> {
    const { policy, revision } = await this.policies.get(policyId, principal);
    const today = this.clock.today();
    const view = { ...policyView(policy, today), revision };
    if (policy.subPolicies.length === 0) return view;
    const subs = await Promise.all(policy.subPolicies.map((sub) => this.policies.get(sub.id)));
    return { ...view, rollUp: rollUp([policy, ...subs.map((s) => s.policy)], today) };
  }
}
