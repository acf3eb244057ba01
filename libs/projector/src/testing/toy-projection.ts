import { randomUUID } from 'node:crypto';
import { EventStore, NewEvent, StoredEvent } from '@tc/eventstore';
import { ReadStore, ViewDefinition, ViewDocument } from '@tc/readstore';
import { Projection } from '../projection';

/**
 * A toy ledger for the projector's specs: deposits and withdrawals on accounts, closures that
 * delete the account's document, and noise the projection does not read. Its `totals`
 * document is computed from its own previous state, as a dashboard's would be, and keeps the
 * trail of events it saw, so order and exactly-once show in the result.
 */
export const ACCOUNTS: ViewDefinition = { name: 'accounts', fields: { balance: 'number', movements: 'number' } };
export const TOTALS: ViewDefinition = { name: 'totals', fields: { balance: 'number' } };

export interface Account extends ViewDocument {
  id: string;
  balance: number;
  movements: number;
}
export interface Totals extends ViewDocument {
  id: 'all';
  balance: number;
  events: number;
  trail: string[];
}

export interface ToyOptions {
  readonly version?: number;
  /** Multiplies amounts: a new version that means something else. */
  readonly factor?: number;
  readonly views?: readonly ViewDefinition[];
  /** Runs before each event: may throw (a bug) or wait (a slow projection). */
  readonly before?: (event: StoredEvent) => void | Promise<void>;
}

export function ledgerProjection(options: ToyOptions = {}): Projection {
  const factor = options.factor ?? 1;
  return {
    name: 'ledger',
    version: options.version ?? 1,
    views: options.views ?? [ACCOUNTS, TOTALS],
    eventTypes: ['Deposited', 'Withdrawn', 'AccountClosed'],
    streamPrefixes: ['account-'],
    async apply(event, tx) {
      await options.before?.(event);
      const id = event.data.account as string;
      const delta = event.type === 'Deposited' ? (event.data.amount as number) * factor : event.type === 'Withdrawn' ? -(event.data.amount as number) * factor : 0;
      if (event.type === 'AccountClosed') tx.delete('accounts', id);
      else {
        const account = (await tx.get<Account>('accounts', id)) ?? { id, balance: 0, movements: 0 };
        tx.put('accounts', id, { ...account, balance: account.balance + delta, movements: account.movements + 1 });
      }
      const totals = (await tx.get<Totals>('totals', 'all')) ?? { id: 'all', balance: 0, events: 0, trail: [] };
      tx.put('totals', 'all', { ...totals, balance: totals.balance + delta, events: totals.events + 1, trail: [...totals.trail, `${event.stream}@${event.revision}`] });
    },
  };
}

const newEvent = (type: string, data: Record<string, unknown>): NewEvent => ({
  type,
  data,
  metadata: { eventId: randomUUID(), actor: { sub: 'spec', role: 'admin' }, correlationId: 'c', causationId: 'c', effectiveDate: '2026-03-01', schemaVersion: 1 },
});

/** `count` events, the same for the same seed, appended ten to a stream at a time (appends are fsynced). */
export async function appendActivity(store: EventStore, count: number, seed = 1): Promise<void> {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let done = 0; done < count; ) {
    const account = `a${Math.floor(random() * 7)}`;
    const noise = random() < 0.15;
    const events = Array.from({ length: Math.min(10, count - done) }, () => {
      const roll = random();
      const amount = 1 + Math.floor(random() * 100);
      if (noise) return newEvent('Noted', { account, amount });
      return newEvent(roll < 0.06 ? 'AccountClosed' : roll < 0.6 ? 'Deposited' : 'Withdrawn', { account, amount });
    });
    await store.append(noise ? `noise-${account}` : `account-${account}`, events, 'any');
    done += events.length;
  }
}

/** Every document of a view, by id. */
export async function dumpView(store: ReadStore, view: string): Promise<ViewDocument[]> {
  const docs: ViewDocument[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.find(view, { limit: 500, cursor });
    docs.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return docs;
}
