import { CalendarDate, Message } from '@tc/kernel';

/**
 * Events of the credit limit aggregate. Every event names its policy, debtor and currency
 * (the first one opens the stream with them) and carries whatever the fold needs, so
 * `evolve` never looks at a command or a policy. All written with schema version 1.
 */
export const CREDIT_LIMIT_EVENT_SCHEMA_VERSION = 1;

interface Identified {
  policyId: string;
  debtorId: string;
  currency: string;
}

export type CreditLimitSet = Message<
  'CreditLimitSet',
  Identified & {
    amount: number;
    effectiveFrom: CalendarDate;
    validUntil: CalendarDate;
    conditions: string[];
    decidedAt: string;
    /** Business date of the decision. */
    decidedOn: CalendarDate;
    /** Named amount that was in force on effectiveFrom; null when none was (discretionary regime). */
    previousAmount: number | null;
  }
>;

export type CreditLimitReduced = Message<
  'CreditLimitReduced',
  Identified & {
    /** The new named amount from effectiveDate; 0 = withdrawal. */
    amount: number;
    /** Named amount that was in force on effectiveDate. */
    previousAmount: number;
    noticeDate: CalendarDate;
    effectiveDate: CalendarDate;
    limitReductionNoticeDays: number;
  }
>;

export type CreditLimitToppedUp = Message<
  'CreditLimitToppedUp',
  Identified & { topUpId: string; amount: number; from: CalendarDate; until: CalendarDate }
>;

export type ExposureReserved = Message<
  'ExposureReserved',
  Identified & {
    receivableId: string;
    /** The reservation of this receivable from now on (0 when lowered to nothing). */
    amount: number;
    previousAmount: number;
    date: CalendarDate;
    /** Reserved total of the stream after this event. */
    reservedTotal: number;
    /** The policy's discretionary limit as sent with the command: the stream keeps the latest. */
    discretionaryLimit: number;
    /** Limit in force on `date` when reserved (for audit; the fold does not need it). */
    limitInForce: number;
    shipped: boolean;
  }
>;

export type ExposureReleased = Message<
  'ExposureReleased',
  Identified & { receivableId: string; previousAmount: number; date: CalendarDate; reservedTotal: number }
>;

export type CreditLimitEvent = CreditLimitSet | CreditLimitReduced | CreditLimitToppedUp | ExposureReserved | ExposureReleased;

export const CREDIT_LIMIT_EVENT_TYPES: readonly CreditLimitEvent['type'][] = [
  'CreditLimitSet',
  'CreditLimitReduced',
  'CreditLimitToppedUp',
  'ExposureReserved',
  'ExposureReleased',
];

export const creditLimitSchemaVersionOf = (_type: CreditLimitEvent['type']): number => CREDIT_LIMIT_EVENT_SCHEMA_VERSION;
