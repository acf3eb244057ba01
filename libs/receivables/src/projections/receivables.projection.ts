import { parseInstant } from '@tc/kernel';
import { StoredEvent } from '@tc/eventstore';
import { Projection, ProjectionTx } from '@tc/projector';
import { ViewDefinition } from '@tc/readstore';
import {
  RECEIVABLE_EVENT_TYPES,
  Receivable,
  ReceivableEvent,
  ReceivableView,
  evolveReceivable,
  initialReceivableState,
  isOpen,
  isRegistered,
  receivableView,
} from '../domain';
import { RECEIVABLE_STATS_VIEW, ReceivableStatsDoc, contributionMoves, contributionOf, statsDocIds, withContributionChange } from './receivable-stats';

/**
 * The receivables read model: one document per receivable holding its folded state (the
 * domain's own `evolveReceivable`, so no rule is re-implemented here), the fields of
 * `GET /v1/receivables/:id`, and the indexed fields the list filters and dashboards query.
 * Beside it, the running dashboard figures (`receivable_stats`), moved per event from the
 * receivable's previous document to its new one. Both views are written by this one
 * projection, in one batch with one checkpoint.
 */
export const RECEIVABLES_PROJECTION = 'receivables';
export const RECEIVABLES_VIEW = 'receivables';

export interface ReceivableDoc extends ReceivableView {
  /** Revision of the receivable's stream after the event this document reflects. */
  readonly revision: number;
  /** Not SETTLED or CLOSED. */
  readonly open: boolean;
  /** Open with something still owed: what the overdue filter, the ageing and debtor payments look at. */
  readonly owing: boolean;
  /** The request and decision instants (UTC, ISO 8601, milliseconds): decision turnaround and pending ages. */
  readonly requestedInstant: string;
  readonly decidedInstant: string | null;
  readonly state: Receivable;
  [field: string]: unknown;
}

const RECEIVABLES: ViewDefinition = {
  name: RECEIVABLES_VIEW,
  fields: {
    policyId: 'string',
    debtorId: 'string',
    status: 'string',
    currency: 'string',
    open: 'boolean',
    owing: 'boolean',
    dueDate: 'date',
    outstanding: 'number',
    requestedInstant: 'date',
  },
  compound: [
    ['policyId', 'dueDate'],
    ['debtorId', 'dueDate'],
    ['status', 'dueDate'],
    // Ageing sums outstanding per currency over a due-date range of owing receivables: with
    // currency and outstanding in the index, SQLite answers it from the index alone.
    ['owing', 'dueDate', 'currency', 'outstanding'],
    ['policyId', 'owing', 'dueDate', 'currency', 'outstanding'],
    ['debtorId', 'owing', 'dueDate'],
    ['status', 'requestedInstant'],
  ],
};

const STATS: ViewDefinition = { name: RECEIVABLE_STATS_VIEW, fields: { policyId: 'string' } };

/** One text format per date field: an instant as `toISOString` gives it (a bare date is its 00:00 UTC). */
export const instantOf = (value: string): string => parseInstant(value)?.toISOString() ?? value;

const receivableIdOf = (event: StoredEvent) => event.stream.slice('receivable-'.length);

export function receivableDocOf(state: Receivable, event: StoredEvent, before: ReceivableDoc | undefined): ReceivableDoc {
  const e = event as unknown as ReceivableEvent;
  const view = receivableView(state) as ReceivableView;
  const outstanding = view.outstanding;
  // The view is a fresh object, extended in place: spreading its 46 fields into a new object
  // cost V8 more than folding the event (≈ 20 µs against 4 µs per event).
  return Object.assign(view as ReceivableView & { [field: string]: unknown }, {
    revision: event.revision,
    open: isOpen(state),
    owing: isOpen(state) && outstanding > 0,
    requestedInstant: e.type === 'ReceivableRegistered' ? instantOf(e.data.requestedAt ?? e.data.invoiceDate) : (before?.requestedInstant ?? instantOf(state.requestedOn)),
    decidedInstant: e.type === 'CoverGranted' || e.type === 'CoverRefused' ? instantOf(e.data.decidedAt) : (before?.decidedInstant ?? null),
    state,
  });
}

export const receivablesProjection: Projection = {
  name: RECEIVABLES_PROJECTION,
  version: 1,
  views: [RECEIVABLES, STATS],
  eventTypes: RECEIVABLE_EVENT_TYPES,
  streamPrefixes: ['receivable-'],
  async apply(event: StoredEvent, tx: ProjectionTx) {
    const id = receivableIdOf(event);
    const before = await tx.get<ReceivableDoc>(RECEIVABLES_VIEW, id);
    const state = evolveReceivable(before?.state ?? initialReceivableState(), event as unknown as ReceivableEvent);
    if (!isRegistered(state)) return;
    const after = receivableDocOf(state, event, before);
    tx.put(RECEIVABLES_VIEW, id, after);
    // The figures move by what this receivable contributes now minus what it contributed before.
    const was = contributionOf(before);
    const is = contributionOf(after);
    if (!contributionMoves(was, is)) return;
    for (const statsId of statsDocIds(after.policyId)) {
      const stats = await tx.get<ReceivableStatsDoc>(RECEIVABLE_STATS_VIEW, statsId);
      const next = withContributionChange(stats, statsId, after.policyId, was, is);
      if (next) tx.put(RECEIVABLE_STATS_VIEW, statsId, next);
    }
  },
};
