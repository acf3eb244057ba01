import { StoredEvent } from '@tc/eventstore';
import { ViewDocument } from '@tc/readstore';
import { Projection, ProjectionTx, reduceDocument } from './projection';

const event = (type: string, data: Record<string, unknown>): StoredEvent =>
  ({ stream: `limit-${data.id}`, revision: 0, position: '1', type, data, metadata: {} as StoredEvent['metadata'] }) as StoredEvent;

/** A projection written the way contexts write theirs: one document per aggregate, from its previous state. */
const limits: Projection = {
  name: 'limits',
  version: 1,
  views: [{ name: 'limits', fields: { amount: 'number' } }],
  eventTypes: ['LimitSet', 'LimitRemoved', 'LimitNoted'],
  apply: reduceDocument<{ id: string; amount: number; changes: number }>(
    'limits',
    (e) => e.data.id as string,
    (doc, e) => {
      switch (e.type) {
        case 'LimitSet':
          return { id: e.data.id as string, amount: e.data.amount as number, changes: (doc?.changes ?? 0) + 1 };
        case 'LimitRemoved':
          return null;
        default:
          return undefined;
      }
    },
  ),
};

function memoryTx(): ProjectionTx & { docs: Map<string, ViewDocument> } {
  const docs = new Map<string, ViewDocument>();
  return { docs, get: async (view, id) => docs.get(`${view}/${id}`) as never, put: (view, id, doc) => void docs.set(`${view}/${id}`, doc), delete: (view, id) => void docs.delete(`${view}/${id}`) };
}

describe('reduceDocument', () => {
  it('puts the next state, deletes on null and leaves the document alone on undefined', async () => {
    const tx = memoryTx();
    await limits.apply(event('LimitSet', { id: 'l1', amount: 100 }), tx);
    await limits.apply(event('LimitSet', { id: 'l1', amount: 250 }), tx);
    await limits.apply(event('LimitNoted', { id: 'l1' }), tx);
    expect(tx.docs.get('limits/l1')).toEqual({ id: 'l1', amount: 250, changes: 2 });
    await limits.apply(event('LimitRemoved', { id: 'l1' }), tx);
    expect(tx.docs.size).toBe(0);
  });
});
