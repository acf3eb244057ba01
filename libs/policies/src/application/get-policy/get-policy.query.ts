import { Query } from '@nestjs/cqrs';
import { Principal } from '@tc/platform';
import { PolicyWithRollUp } from './policy-roll-up';

export class GetPolicyQuery extends Query<PolicyWithRollUp> {
  constructor(
    readonly policyId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
