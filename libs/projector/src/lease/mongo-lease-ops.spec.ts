import { Query, updateOne } from 'mingo';
import { LeaseOp, RELEASED_AT, StoredLease, acquireOp, currentFilter, releaseOp, renewOp } from './mongo-lease-ops';

/**
 * The MongoDB lease store's filters and updates, executed by mingo as the server would run one
 * findOneAndUpdate (upsert, returnDocument: 'after'). `$$NOW` is the server's clock: mingo reads
 * it from Date.now, which each step sets.
 */
type Doc = Record<string, unknown>;

class DuplicateKey extends Error {
  readonly code = 11000;
}

function findOneAndUpdate(collection: Doc[], op: LeaseOp): StoredLease | null {
  const matches = new Query(op.filter).test.bind(new Query(op.filter));
  let target = collection.find((doc) => matches(doc));
  if (!target) {
    if (!op.upsert) return null;
    // The upsert inserts the filter's _id: a lease that exists but did not match collides with it.
    if (collection.some((doc) => doc._id === op.filter._id)) throw new DuplicateKey('E11000 duplicate key');
    target = { _id: op.filter._id };
    collection.push(target);
  }
  updateOne(collection, { _id: target._id }, op.update as never);
  return { ...(collection.find((doc) => doc._id === target._id) as unknown as StoredLease) };
}

describe('MongoDB lease operations, run by mingo', () => {
  const T0 = Date.parse('2026-03-02T09:00:00.000Z');
  let collection: Doc[];
  let now: number;
  const at = (ms: number) => {
    now = T0 + ms;
  };
  const run = (op: LeaseOp) => findOneAndUpdate(collection, op);
  const tryAcquire = (holder: string, ttl: number) => {
    try {
      return run(acquireOp('projection/x', holder, ttl));
    } catch (error) {
      if (error instanceof DuplicateKey) return null;
      throw error;
    }
  };
  const current = () => collection.filter((doc) => new Query(currentFilter('projection/x')).test(doc));

  beforeEach(() => {
    collection = [];
    at(0);
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  it('creates a missing lease for its first taker: token 1, expiring ttl after the server’s now', () => {
    expect(tryAcquire('a', 15_000)).toEqual({ _id: 'projection/x', holder: 'a', token: 1, expiresAt: new Date(T0 + 15_000) });
    expect(current()).toHaveLength(1);
  });

  it('refuses a live lease to another holder (the upsert collides) and changes nothing', () => {
    tryAcquire('a', 15_000);
    at(14_999);
    expect(() => run(acquireOp('projection/x', 'b', 15_000))).toThrow(DuplicateKey);
    expect(collection).toEqual([{ _id: 'projection/x', holder: 'a', token: 1, expiresAt: new Date(T0 + 15_000) }]);
  });

  it('lets the holder acquire its live lease again as a renewal: same token, later expiry', () => {
    tryAcquire('a', 15_000);
    at(5_000);
    expect(tryAcquire('a', 15_000)).toEqual({ _id: 'projection/x', holder: 'a', token: 1, expiresAt: new Date(T0 + 20_000) });
  });

  it('hands an expired lease to the next taker as a new tenure (token + 1), from the instant it expired', () => {
    tryAcquire('a', 15_000);
    at(15_000);
    expect(current()).toEqual([]);
    expect(tryAcquire('b', 15_000)).toEqual({ _id: 'projection/x', holder: 'b', token: 2, expiresAt: new Date(T0 + 30_000) });
    at(16_000);
    expect(tryAcquire('a', 15_000)).toBeNull();
  });

  it('gives its old holder a new tenure when it comes back after a lapse nobody used', () => {
    tryAcquire('a', 1_000);
    at(2_000);
    expect(tryAcquire('a', 1_000)).toMatchObject({ holder: 'a', token: 2 });
  });

  it('renews for the holder of a live lease only', () => {
    tryAcquire('a', 15_000);
    at(5_000);
    expect(run(renewOp('projection/x', 'a', 15_000))).toMatchObject({ holder: 'a', token: 1, expiresAt: new Date(T0 + 20_000) });
    expect(run(renewOp('projection/x', 'b', 15_000))).toBeNull();
    at(20_000);
    expect(run(renewOp('projection/x', 'a', 15_000))).toBeNull();
    expect(run(renewOp('projection/missing', 'a', 15_000))).toBeNull();
    expect(collection).toHaveLength(1);
  });

  it('releases for its holder only, keeping the document so the next token still grows', () => {
    tryAcquire('a', 15_000);
    expect(run(releaseOp('projection/x', 'b'))).toBeNull();
    expect(run(releaseOp('projection/x', 'a'))).toMatchObject({ holder: 'a', token: 1, expiresAt: RELEASED_AT });
    expect(current()).toEqual([]);
    expect(run(releaseOp('projection/x', 'a'))).toBeNull();
    expect(tryAcquire('b', 15_000)).toMatchObject({ holder: 'b', token: 2 });
  });

  it('treats a holder name as data, never as a field path', () => {
    expect(tryAcquire('$token', 15_000)).toMatchObject({ holder: '$token', token: 1 });
    at(1_000);
    expect(tryAcquire('$token', 15_000)).toMatchObject({ holder: '$token', token: 1, expiresAt: new Date(T0 + 16_000) });
    expect(tryAcquire('$holder', 15_000)).toBeNull();
  });
});
