import { DomainError } from '@tc/kernel';
import { Principal } from './roles';

/** An integration token touches only the policy it names; other roles are not bound to a policy. */
export function assertPolicyAccess(principal: Principal, policyId: string): void {
  if (principal.role === 'integration' && principal.policyId !== policyId) {
    throw new DomainError('FORBIDDEN', 'this integration token may not touch another policy');
  }
}
