import Database from 'better-sqlite3';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { idempotencyStoreContract } from './idempotency-store.contract';
import { SqliteIdempotencyStore } from './sqlite-idempotency.store';

describe('SqliteIdempotencyStore', () => {
  idempotencyStoreContract(async () => {
    const store = new SqliteIdempotencyStore(join(mkdtempSync(join(tmpdir(), 'tc-idem-')), 'platform.sqlite'));
    return { store, close: async () => store.close() };
  });

  it('commits the saves of one turn together, finds them meanwhile, and commits what is pending on close', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tc-idem-')), 'platform.sqlite');
    const store = new SqliteIdempotencyStore(file);
    const record = (key: string, status = 201) => ({ scope: 's', key, requestHash: 'h', status, headers: {}, body: { key }, createdAt: '2025-01-01T00:00:00.000Z' });
    const saved = Promise.all([store.save(record('a')), store.save(record('b')), store.save(record('a', 200))]);
    expect(await store.find('s', 'a')).toEqual(record('a'));
    await saved;
    const other = new Database(file, { readonly: true });
    expect(other.prepare('SELECT key, status FROM idempotency_records ORDER BY key').raw().all()).toEqual([['a', 201], ['b', 201]]);
    other.close();

    void store.save(record('c'));
    store.close();
    const reopened = new SqliteIdempotencyStore(file);
    expect(await reopened.find('s', 'c')).toEqual(record('c'));
    reopened.close();
  });

  it('survives a reopen of its file, in WAL mode', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tc-idem-')), 'nested', 'platform.sqlite');
    const first = new SqliteIdempotencyStore(file);
    await first.save({ scope: 's', key: 'k', requestHash: 'h', status: 200, headers: {}, body: [1], createdAt: '2025-01-01T00:00:00.000Z' });
    expect(statSync(`${file}-wal`).isFile()).toBe(true);
    first.close();

    const second = new SqliteIdempotencyStore(file);
    expect(await second.find('s', 'k')).toMatchObject({ body: [1] });
    expect(second.readiness()).toEqual({ ready: true });
    second.close();
  });
});
