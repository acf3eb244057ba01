import { CalendarDate, Message, Sector } from '@tc/kernel';

export type DebtorRegistered = Message<
  'DebtorRegistered',
  {
    debtorId: string;
    legalId: string;
    country: string;
    name: string;
    sector: Sector;
    /** Instant the debtor was registered. */
    registeredAt: string;
  }
>;

export type DebtorRated = Message<
  'DebtorRated',
  {
    debtorId: string;
    /** 0 = in default … 10 = best. */
    grade: number;
    /** Grade in force before this rating; null for the first one. */
    previousGrade: number | null;
    ratedAt: string;
    ratedOn: CalendarDate;
    source: string;
  }
>;

export type DebtorInsolvencyDeclared = Message<
  'DebtorInsolvencyDeclared',
  {
    debtorId: string;
    declaredAt: string;
    /** The insolvency date: from it, new shipments are uninsured and insolvency claims possible. */
    insolvencyDate: CalendarDate;
    proceeding: string;
  }
>;

export type DebtorEvent = DebtorRegistered | DebtorRated | DebtorInsolvencyDeclared;

export const DEBTOR_EVENT_TYPES: readonly DebtorEvent['type'][] = ['DebtorRegistered', 'DebtorRated', 'DebtorInsolvencyDeclared'];

/** Claims a legal identity (legal id + country) for one debtor id; its stream is appended with no_stream. */
export type DebtorIdentityClaimed = Message<
  'DebtorIdentityClaimed',
  { debtorId: string; legalId: string; country: string; name: string; sector: Sector; registeredAt: string }
>;
