import { Projection, ProjectionTx } from '@tc/projector';
import { StoredEvent } from '@tc/eventstore';
import { AlertRecorded, ReceivableRegistered } from '../domain';

/**
 * The alert feed (GET /v1/alerts): every alert recorded on a receivable, with the policy and
 * debtor it concerns. The projection keeps its own small receivable → policy/debtor index
 * (from registrations) rather than reading another view, so a rebuild gives the same result.
 */
export const ALERTS_VIEW = 'alerts';
const OWNERS_VIEW = 'alert_owners';

export interface AlertDoc {
  readonly id: string;
  readonly receivableId: string;
  readonly policyId: string;
  readonly debtorId: string;
  readonly alertId: string;
  readonly kind: string;
  readonly severity: string;
  readonly date: string;
  readonly grade: number | null;
  readonly previousGrade: number | null;
  readonly insolvencyDate: string | null;
  readonly recordedAt: string;
  /** Zero-padded log position: newest first sorts on it. */
  readonly seq: string;
  [field: string]: unknown;
}

interface OwnerDoc {
  readonly id: string;
  readonly policyId: string;
  readonly debtorId: string;
  [field: string]: unknown;
}

export const alertDocOf = (event: StoredEvent, owner: { policyId: string; debtorId: string }): AlertDoc => {
  const receivableId = event.stream.slice('receivable-'.length);
  const data = (event as unknown as AlertRecorded).data;
  return {
    id: `${receivableId}:${data.alertId}`,
    receivableId,
    policyId: owner.policyId,
    debtorId: owner.debtorId,
    alertId: data.alertId,
    kind: data.kind,
    severity: data.severity,
    date: data.date,
    grade: data.grade,
    previousGrade: data.previousGrade,
    insolvencyDate: data.insolvencyDate,
    recordedAt: event.metadata.recordedAt,
    seq: event.position.padStart(20, '0'),
  };
};

export const alertsProjection: Projection = {
  name: 'alerts',
  version: 1,
  views: [
    { name: ALERTS_VIEW, fields: { policyId: 'string', debtorId: 'string', seq: 'string' }, compound: [['policyId', 'seq'], ['debtorId', 'seq']] },
    { name: OWNERS_VIEW, fields: {} },
  ],
  eventTypes: ['ReceivableRegistered', 'AlertRecorded'],
  streamPrefixes: ['receivable-'],
  async apply(event: StoredEvent, tx: ProjectionTx) {
    const receivableId = event.stream.slice('receivable-'.length);
    if (event.type === 'ReceivableRegistered') {
      const { policyId, debtorId } = (event as unknown as ReceivableRegistered).data;
      tx.put(OWNERS_VIEW, receivableId, { id: receivableId, policyId, debtorId });
      return;
    }
    const owner = await tx.get<OwnerDoc>(OWNERS_VIEW, receivableId);
    if (owner) tx.put(ALERTS_VIEW, `${receivableId}:${(event.data as { alertId: string }).alertId}`, alertDocOf(event, owner));
  },
};
