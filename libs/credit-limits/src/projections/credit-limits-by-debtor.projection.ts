import { Projection, reduceDocument } from '@tc/projector';

/** Which credit-limit streams exist on a debtor, so a rating fall reaches every policy's named limit. */
export const CREDIT_LIMITS_BY_DEBTOR_VIEW = 'credit_limits_by_debtor';

export interface CreditLimitIndexDoc {
  readonly id: string;
  readonly policyId: string;
  readonly debtorId: string;
  [field: string]: unknown;
}

export const creditLimitsByDebtorProjection: Projection = {
  name: 'credit-limits-by-debtor',
  version: 1,
  views: [{ name: CREDIT_LIMITS_BY_DEBTOR_VIEW, fields: { debtorId: 'string' } }],
  eventTypes: ['CreditLimitSet'],
  streamPrefixes: ['creditlimit-'],
  apply: reduceDocument<CreditLimitIndexDoc>(
    CREDIT_LIMITS_BY_DEBTOR_VIEW,
    (event) => event.stream,
    (doc, event) => doc ?? { id: event.stream, policyId: event.data.policyId as string, debtorId: event.data.debtorId as string },
  ),
};
