import { IdempotencyRecord, IdempotencyStore } from './idempotency.port';

/** The behaviour every IdempotencyStore adapter must show; each adapter's spec runs it against a real store. */
export function idempotencyStoreContract(open: () => Promise<{ store: IdempotencyStore; close(): Promise<void> }>): void {
  let store: IdempotencyStore;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ store, close } = await open());
  });
  afterEach(() => close());

  const record: IdempotencyRecord = {
    scope: 'ann POST /v1/debtors',
    key: 'k-1',
    requestHash: 'a'.repeat(64),
    status: 201,
    headers: { etag: '"0"', location: '/v1/debtors/d-1' },
    body: { id: 'd-1', status: 'REGISTERED', revision: 0, position: '12', nested: { list: [1, 'two', null] } },
    createdAt: '2025-03-01T10:00:00.000Z',
  };

  it('finds nothing for an unknown key', async () => {
    expect(await store.find(record.scope, 'unknown')).toBeUndefined();
  });

  it('returns a saved record as it was saved', async () => {
    await store.save(record);
    expect(await store.find(record.scope, record.key)).toEqual(record);
  });

  it('keeps scopes apart', async () => {
    await store.save(record);
    expect(await store.find('bob POST /v1/debtors', record.key)).toBeUndefined();
  });

  it('keeps the first record of a scope and key', async () => {
    await store.save(record);
    await store.save({ ...record, status: 200, body: { other: true } });
    expect(await store.find(record.scope, record.key)).toEqual(record);
  });

  it('stores a response without a body as null', async () => {
    await store.save({ ...record, key: 'k-empty', body: undefined, headers: {} });
    expect(await store.find(record.scope, 'k-empty')).toMatchObject({ body: null, headers: {} });
  });
}
