import { CalendarDate, Message } from '@tc/kernel';

/**
 * Commands of the credit limit aggregate (stream `creditlimit-<policyId>-<debtorId>`).
 * Amounts are integer minor units of the POLICY currency. The policy is another aggregate,
 * so the terms a rule needs (discretionary limit, reduction notice, currency) arrive in
 * the command; `today` is the service clock's date, for FUTURE_DATE checks of fact dates.
 */

/** Who the stream is about; carried by every command that may open the stream. */
export interface CreditLimitIdentity {
  readonly policyId: string;
  readonly debtorId: string;
  /** The policy currency: every amount of the stream is in it. */
  readonly currency: string;
}

/** A named limit (even 0): from `effectiveFrom` it replaces the discretionary limit on this debtor. */
export type SetCreditLimit = Message<
  'SetCreditLimit',
  CreditLimitIdentity & {
    amount: number;
    effectiveFrom: CalendarDate;
    /** Inclusive. */
    validUntil: CalendarDate;
    conditions: readonly string[];
    /** Fact: instant or date, not after `today`. */
    decidedAt: string;
    today: CalendarDate;
  }
>;

/** A new, lower named amount (0 = withdrawal), effective after the policy's notice period. */
export type ReduceCreditLimit = Message<
  'ReduceCreditLimit',
  {
    amount: number;
    /** Fact: not after `today`. */
    noticeDate: string;
    /** Only a date at or after noticeDate + limitReductionNoticeDays; default that date. */
    effectiveDate?: CalendarDate;
    /** Policy term (default 30). */
    limitReductionNoticeDays: number;
    today: CalendarDate;
  }
>;

/** Temporary extra limit, any product, with or without a named limit. */
export type TopUpCreditLimit = Message<
  'TopUpCreditLimit',
  CreditLimitIdentity & {
    /** Makes a re-sent top-up a no-op. */
    topUpId: string;
    amount: number;
    from: CalendarDate;
    /** Inclusive. */
    until: CalendarDate;
    today: CalendarDate;
  }
>;

/** Sets the reservation of one receivable to `amount` (make, increase or lower it). */
export type ReserveExposure = Message<
  'ReserveExposure',
  CreditLimitIdentity & {
    receivableId: string;
    amount: number;
    /** Business date of the reservation: the limit in force that day is the one checked. */
    date: CalendarDate;
    /** Policy term: the limit while no named limit is in force. */
    discretionaryLimit: number;
    /** The receivable has shipped: its reservation counts against the cover left after a reduction. */
    shipped?: boolean;
  }
>;

/** Brings the reservation of one receivable to zero (settled, closed, refused, voided, lapsed). */
export type ReleaseExposure = Message<'ReleaseExposure', { receivableId: string; date: CalendarDate }>;

export type CreditLimitCommand = SetCreditLimit | ReduceCreditLimit | TopUpCreditLimit | ReserveExposure | ReleaseExposure;
