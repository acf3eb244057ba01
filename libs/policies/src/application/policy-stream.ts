import { DomainError, isUuid } from '@tc/kernel';
import { policyStream } from '../domain';

/** Ids are server-assigned UUIDs: anything else cannot name a policy, so it is a 404 like an unknown one. */
export function policyStreamOf(policyId: string): string {
  if (!isUuid(policyId)) throw new DomainError('NOT_FOUND', `no policy ${policyId}`);
  return policyStream(policyId);
}
