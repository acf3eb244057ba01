import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { NewEvent, StoredEvent } from '../eventstore.port';
import { ContractSubject, describeEventStoreContract } from '../testing/eventstore.contract';
import { SqliteEventStore } from './sqlite-event-store';

const directory = mkdtempSync(join(tmpdir(), 'tc-eventstore-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const newFile = () => join(directory, `${randomUUID()}.sqlite`);

/** Edits rows through a second connection, as someone with access to the file could. */
function tamperWith(file: string): NonNullable<ContractSubject['tamper']> & { close(): void } {
  const db = new Database(file, { timeout: 5_000 });
  return {
    async editByte(stream, revision, field = 'body') {
      const column = field === 'body' ? 'body' : 'hash';
      const text = db.prepare(`SELECT ${column} FROM events WHERE stream = ? AND revision = ?`).pluck().get(stream, revision) as string;
      let i = Math.floor(text.length / 2);
      while (text.charCodeAt(i) > 0x7f) i++;
      const edited = text.slice(0, i) + (text[i] === '0' ? '1' : '0') + text.slice(i + 1);
      db.prepare(`UPDATE events SET ${column} = ? WHERE stream = ? AND revision = ?`).run(edited, stream, revision);
    },
    async deleteEvent(stream, revision) {
      db.prepare('DELETE FROM events WHERE stream = ? AND revision = ?').run(stream, revision);
    },
    close: () => db.close(),
  };
}

describeEventStoreContract('SqliteEventStore', async ({ now, upcasters }) => {
  const file = newFile();
  const store = new SqliteEventStore({ file, now, upcasters, pollIntervalMs: 50 });
  const tamper = tamperWith(file);
  return {
    store,
    tamper,
    dispose: async () => {
      tamper.close();
      await store.close();
    },
  };
});

const event = (i: number): NewEvent => ({
  type: 'Counted',
  data: { i },
  metadata: { eventId: randomUUID(), actor: { sub: 'u', role: 'admin' }, correlationId: 'c', causationId: 'c', effectiveDate: '2026-01-01', schemaVersion: 1 },
});
const events = (n: number, from = 0) => Array.from({ length: n }, (_, i) => event(from + i));

describe('SqliteEventStore on a file', () => {
  let file: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    file = newFile();
    store = SqliteEventStore.open({ file, pollIntervalMs: 50 });
  });
  afterEach(() => store.close());

  it('runs in WAL mode with synchronous=FULL and a busy timeout, so acknowledged appends survive power loss', () => {
    expect(store.durability()).toEqual({ journalMode: 'wal', synchronous: 'FULL', busyTimeoutMs: 5_000 });
  });

  it('keeps events and their chain across a reopen', async () => {
    await store.append('counter-1', events(3), 'no_stream');
    await store.close();
    store = SqliteEventStore.open({ file });
    expect((await store.readStream('counter-1')).map((e) => e.data)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
    expect(await store.verify('counter-1')).toMatchObject({ intact: true, events: 3 });
  });

  it('lets a second store on the same file see appends through its subscription poll', async () => {
    const other = SqliteEventStore.open({ file, pollIntervalMs: 20 });
    const seen: number[] = [];
    const subscription = other.subscribe({ handler: (e) => void seen.push(e.data.i as number) });
    await subscription.caughtUp;
    await store.append('counter-1', events(2), 'no_stream');
    await store.append('counter-2', events(1, 2), 'no_stream');
    for (const start = Date.now(); seen.length < 3 && Date.now() - start < 3_000; ) await sleep(10);
    expect(seen).toEqual([0, 1, 2]);
    await other.close();
  });

  it('delivers across page boundaries exactly once while appends keep coming', async () => {
    await store.append('counter-1', events(1_200), 'no_stream');
    const seen: number[] = [];
    const subscription = store.subscribe({ handler: (e) => void seen.push(e.data.i as number) });
    for (let i = 0; i < 20; i++) await store.append('counter-2', events(10, 1_200 + i * 10), 'any');
    await subscription.caughtUp;
    for (const start = Date.now(); seen.length < 1_400 && Date.now() - start < 3_000; ) await sleep(10);
    expect(seen).toEqual(Array.from({ length: 1_400 }, (_, i) => i));
  });

  it('refuses the same event id twice in one append, and appends nothing', async () => {
    const [first, second] = events(2);
    await expect(store.append('counter-1', [first, second, first], 'no_stream')).rejects.toThrow(/same event id twice/);
    expect(await store.readStream('counter-1')).toEqual([]);
  });

  it('refuses malformed appends before touching the file', async () => {
    await expect(store.append('counter-1', events(1), -1)).rejects.toThrow(RangeError);
    await expect(store.append('', events(1), 'no_stream')).rejects.toThrow(TypeError);
    await expect(store.append('counter-1', [{ ...event(0), type: '' }], 'no_stream')).rejects.toThrow(/needs a type/);
    expect(await store.headPosition()).toBeUndefined();
  });

  it('detects an edited type column, which filtered reads depend on but the hash does not cover', async () => {
    await store.append('counter-1', events(2), 'no_stream');
    const db = new Database(file);
    db.prepare("UPDATE events SET type = 'Forged' WHERE stream = 'counter-1' AND revision = 1").run();
    db.close();
    expect(await store.verify('counter-1')).toMatchObject({ intact: false, brokenAtRevision: 1 });
  });

  it('verifies every stream page by page, including a stream longer than a page', async () => {
    await store.append('long-1', events(4_500), 'no_stream');
    for (let s = 0; s < 30; s++) await store.append(`short-${s}`, events(3), 'no_stream');
    const reported: string[] = [];
    expect(await store.verifyAll((report) => reported.push(report.stream))).toEqual({ streams: 31, events: 4_590, broken: [] });
    expect(new Set(reported).size).toBe(31);

    const tamper = tamperWith(file);
    await tamper.editByte('long-1', 3_000);
    await tamper.deleteEvent('short-7', 2);
    for (let r = 0; r < 3; r++) await tamper.deleteEvent('short-9', r);
    tamper.close();
    const { broken } = await store.verifyAll();
    expect(broken.map((b) => [b.stream, b.brokenAtRevision])).toEqual([
      ['long-1', 3_000],
      ['short-7', 2],
      ['short-9', 0],
    ]);
  });

  it('works in memory too', async () => {
    const memory = SqliteEventStore.open({ file: ':memory:' });
    const read: StoredEvent[] = [];
    await memory.append('counter-1', events(2), 'no_stream');
    read.push(...(await memory.readAll()));
    expect(read.map((e) => e.position)).toEqual(['1', '2']);
    await memory.close();
  });
});
