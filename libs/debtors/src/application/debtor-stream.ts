import { isUuid } from '@tc/kernel';
import { DomainError } from '@tc/kernel';

export const debtorStream = (debtorId: string): string => `debtor-${debtorId}`;

/** Ids are server-assigned UUIDs: anything else cannot name a debtor, so it is a 404 like an unknown one. */
export function debtorStreamOf(debtorId: string): string {
  if (!isUuid(debtorId)) throw new DomainError('NOT_FOUND', `no debtor ${debtorId}`);
  return debtorStream(debtorId);
}
