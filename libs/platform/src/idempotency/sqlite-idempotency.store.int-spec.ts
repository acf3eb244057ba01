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
