import { CalendarDate } from '@tc/kernel';
import { Projection, reduceDocument } from '@tc/projector';
import { RECEIVABLE_EVENT_TYPES, ReceivableEvent, ReceivableState, dunningSchedule, evolveReceivable, initialReceivableState, isOpen, isRegistered } from '../domain';

/**
 * What the processes need to find receivables (DESIGN.md "Processes and time"), derived from
 * the stored events so it survives restarts and is rebuilt like any view. One document per
 * receivable: its folded state, the date of its earliest pending timer (null when none) so a
 * tick asks only for what is due, and its debtor and openness so monitoring finds every open
 * receivable of a debtor.
 */
export const RECEIVABLE_TIMERS_VIEW = 'receivable_timers';

export interface ReceivableTimersDoc {
  readonly id: string;
  readonly nextDue: CalendarDate | null;
  readonly debtorId: string | null;
  readonly open: boolean;
  readonly state: ReceivableState;
  [field: string]: unknown;
}

/** Timers that send a command; the declaration deadline only marks a date (the voiding the day after acts). */
export const nextDueOf = (state: ReceivableState): CalendarDate | null =>
  dunningSchedule(state).find((step) => step.pending && step.kind !== 'DECLARATION_DEADLINE')?.date ?? null;

export const receivableTimersProjection: Projection = {
  name: 'receivable-timers',
  version: 2,
  views: [{ name: RECEIVABLE_TIMERS_VIEW, fields: { nextDue: 'date', debtorId: 'string', open: 'boolean' }, compound: [['debtorId', 'open']] }],
  eventTypes: RECEIVABLE_EVENT_TYPES,
  streamPrefixes: ['receivable-'],
  apply: reduceDocument<ReceivableTimersDoc>(
    RECEIVABLE_TIMERS_VIEW,
    (event) => event.stream.slice('receivable-'.length),
    (doc, event) => {
      const state = evolveReceivable(doc?.state ?? initialReceivableState(), event as unknown as ReceivableEvent);
      const registered = isRegistered(state);
      return { id: event.stream.slice('receivable-'.length), nextDue: nextDueOf(state), debtorId: registered ? state.debtorId : null, open: registered && isOpen(state), state };
    },
  ),
};
