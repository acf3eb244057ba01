import { CalendarDate, Message, Sector } from '@tc/kernel';

export type RegisterDebtor = Message<
  'RegisterDebtor',
  { debtorId: string; legalId: string; country: string; name: string; sector: Sector; registeredAt: string }
>;

export type RecordRating = Message<
  'RecordRating',
  { grade: number; ratedAt: string; source: string; today: CalendarDate }
>;

export type DeclareInsolvency = Message<
  'DeclareInsolvency',
  { declaredAt: string; proceeding: string; today: CalendarDate }
>;

export type DebtorCommand = RegisterDebtor | RecordRating | DeclareInsolvency;

export type ClaimDebtorIdentity = Message<'ClaimDebtorIdentity', RegisterDebtor['data']>;
