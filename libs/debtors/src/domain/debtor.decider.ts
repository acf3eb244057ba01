import { CalendarDate, Decider, DomainError, Sector, assertNever, ensure, factDate } from '@tc/kernel';
import { DebtorCommand, DeclareInsolvency, RecordRating, RegisterDebtor } from './debtor.commands';
import { DebtorEvent } from './debtor.events';


export interface Rating {
  readonly grade: number;
  readonly ratedAt: string;
  readonly ratedOn: CalendarDate;
  readonly source: string;
}

export type DebtorState =
  | { readonly status: 'UNKNOWN' }
  | {
      readonly status: 'ACTIVE' | 'INSOLVENT';
      readonly debtorId: string;
      readonly legalId: string;
      readonly country: string;
      readonly name: string;
      readonly sector: Sector;
      readonly registeredAt: string;
      readonly ratings: readonly Rating[];
      readonly insolvency?: { readonly declaredAt: string; readonly insolvencyDate: CalendarDate; readonly proceeding: string };
    };

export type KnownDebtor = Exclude<DebtorState, { status: 'UNKNOWN' }>;

export const MIN_GRADE = 0;
export const MAX_GRADE = 10;

/** The grade in force: the latest rating's (ratings are recorded in date order). */
export const currentGrade = (state: KnownDebtor): number | null => state.ratings.at(-1)?.grade ?? null;

function register(command: RegisterDebtor, state: DebtorState): DebtorEvent[] {
  if (state.status !== 'UNKNOWN') {
    throw new DomainError('DUPLICATE_DEBTOR', 'this debtor is already registered', { existingId: state.debtorId });
  }
  return [{ type: 'DebtorRegistered', data: { ...command.data } }];
}

function recordRating({ data }: RecordRating, state: KnownDebtor): DebtorEvent[] {
  ensure(Number.isInteger(data.grade) && data.grade >= MIN_GRADE && data.grade <= MAX_GRADE, 'INVALID_GRADE', `grade must be an integer from ${MIN_GRADE} to ${MAX_GRADE}`);
  const ratedOn = factDate('ratedAt', data.ratedAt, data.today);
  const latest = state.ratings.at(-1);
  // Ratings arrive in date order; a back-dated one would rewrite which grade was in force
  // when earlier alerts and limit reductions were decided.
  ensure(!latest || ratedOn >= latest.ratedOn, 'RATING_OUT_OF_ORDER', `a rating dated ${ratedOn} is older than the latest rating (${latest?.ratedOn})`, {
    latestRatedOn: latest?.ratedOn,
  });
  return [
    {
      type: 'DebtorRated',
      data: { debtorId: state.debtorId, grade: data.grade, previousGrade: currentGrade(state), ratedAt: data.ratedAt, ratedOn, source: data.source },
    },
  ];
}

function declareInsolvency({ data }: DeclareInsolvency, state: KnownDebtor): DebtorEvent[] {
  ensure(state.status !== 'INSOLVENT', 'INVALID_TRANSITION', `the debtor is already insolvent since ${state.insolvency?.insolvencyDate}`);
  const insolvencyDate = factDate('declaredAt', data.declaredAt, data.today);
  return [
    {
      type: 'DebtorInsolvencyDeclared',
      data: { debtorId: state.debtorId, declaredAt: data.declaredAt, insolvencyDate, proceeding: data.proceeding },
    },
  ];
}

export const debtorDecider: Decider<DebtorState, DebtorCommand, DebtorEvent> = {
  initialState: () => ({ status: 'UNKNOWN' }),

  decide(command, state) {
    if (command.type === 'RegisterDebtor') return register(command, state);
    if (state.status === 'UNKNOWN') throw new DomainError('NOT_FOUND', 'no such debtor');
    switch (command.type) {
      case 'RecordRating':
        return recordRating(command, state);
      case 'DeclareInsolvency':
        return declareInsolvency(command, state);
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'DebtorRegistered':
        return { status: 'ACTIVE', ...event.data, ratings: [] };
      case 'DebtorRated': {
        if (state.status === 'UNKNOWN') return state;
        const { grade, ratedAt, ratedOn, source } = event.data;
        return { ...state, ratings: [...state.ratings, { grade, ratedAt, ratedOn, source }] };
      }
      case 'DebtorInsolvencyDeclared': {
        if (state.status === 'UNKNOWN') return state;
        const { declaredAt, insolvencyDate, proceeding } = event.data;
        return { ...state, status: 'INSOLVENT', insolvency: { declaredAt, insolvencyDate, proceeding } };
      }
      default:
        return assertNever(event);
    }
  },
};
