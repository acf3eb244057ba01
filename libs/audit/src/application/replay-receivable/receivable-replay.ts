import { CalendarDate } from '@tc/kernel';
import { StoredEvent } from '@tc/eventstore';
import { ReceivableEvent, ReceivableState, ReceivableView, receivableDecider, receivableView } from '@tc/receivables';
import { describeReceivableEvent } from './receivable-words';

/** Exactly one way to name a past point. */
export type PointInTime = { readonly asOf: CalendarDate } | { readonly knownAt: string } | { readonly revision: number };

/** The parts of the state an auditor follows from one event to the next. */
export interface StateAfter {
  readonly status: ReceivableView['status'];
  readonly step: number;
  readonly outstanding: number;
  readonly paid: number;
  readonly coveredAmount: number | null;
  readonly coverInForce: number | null;
  readonly coverVoided: boolean;
  readonly disputed: boolean;
  readonly alerts: number;
  readonly claimStatus: string | null;
  readonly indemnity: number | null;
}

export interface TimelineEntry {
  readonly revision: number;
  readonly position: string;
  readonly type: string;
  readonly eventId: string;
  readonly actor: { readonly sub: string; readonly role: string };
  readonly recordedAt: string;
  readonly effectiveDate: CalendarDate;
  readonly comment: string | null;
  readonly correlationId: string;
  readonly causationId: string;
  readonly hash: string;
  readonly description: string;
  readonly data: Record<string, unknown>;
  readonly stateAfter: StateAfter;
}

export interface ReceivableReplay {
  readonly state: ReceivableView | null;
  readonly atRevision: number | null;
  readonly coverOnShipmentDate: { readonly shippedAt: CalendarDate; readonly insured: boolean; readonly coverInForce: number; readonly currency: string } | null;
  readonly timeline: TimelineEntry[];
}

/**
 * The events of the point in time, in stream order: by business date (`asOf`: the facts
 * dated up to that day, whenever recorded), by recording instant (`knownAt`: what the
 * system knew then) or by revision.
 */
export function eventsAt(events: readonly StoredEvent[], at: PointInTime): StoredEvent[] {
  if ('asOf' in at) return events.filter((e) => e.metadata.effectiveDate <= at.asOf);
  if ('knownAt' in at) {
    const knownAt = Date.parse(at.knownAt);
    return events.filter((e) => Date.parse(e.metadata.recordedAt) <= knownAt);
  }
  return events.filter((e) => e.revision <= at.revision);
}

/** Folds with the receivable's own decider and describes each step with its own view. */
export function replayReceivable(events: readonly StoredEvent[]): ReceivableReplay {
  let state: ReceivableState = receivableDecider.initialState();
  let view: ReceivableView | null = null;
  const timeline: TimelineEntry[] = [];
  for (const stored of events) {
    const event = { type: stored.type, data: stored.data } as ReceivableEvent;
    state = receivableDecider.evolve(state, event);
    const before = view;
    view = receivableView(state);
    if (!view) continue; // nothing to show before the registration
    const { metadata: m } = stored;
    timeline.push({
      revision: stored.revision,
      position: stored.position,
      type: stored.type,
      eventId: m.eventId,
      actor: { sub: m.actor.sub, role: m.actor.role },
      recordedAt: m.recordedAt,
      effectiveDate: m.effectiveDate,
      comment: m.comment ?? null,
      correlationId: m.correlationId,
      causationId: m.causationId,
      hash: m.hash,
      description: describeReceivableEvent(event, view, before),
      data: stored.data,
      stateAfter: stateAfter(view),
    });
  }
  return {
    state: view,
    atRevision: events.length > 0 ? events[events.length - 1].revision : null,
    coverOnShipmentDate:
      view && view.shippedAt !== null ? { shippedAt: view.shippedAt, insured: view.insured, coverInForce: view.coverInForce ?? 0, currency: view.policyCurrency } : null,
    timeline,
  };
}

const stateAfter = (v: ReceivableView): StateAfter => ({
  status: v.status,
  step: v.step,
  outstanding: v.outstanding,
  paid: v.paid,
  coveredAmount: v.coveredAmount,
  coverInForce: v.coverInForce,
  coverVoided: v.coverVoided,
  disputed: v.disputed,
  alerts: v.alerts.length,
  claimStatus: v.claim?.status ?? null,
  indemnity: v.indemnity,
});
