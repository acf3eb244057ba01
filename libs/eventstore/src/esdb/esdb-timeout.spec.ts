import { EventStoreTimeoutError, TimeoutRacer } from './esdb-timeout';

const never = () => new Promise<never>(() => undefined);

describe('the timeout every EventStoreDB call is raced against', () => {
  it('settles with the call when it answers in time, and leaves no timer behind', async () => {
    const racer = new TimeoutRacer(1_000);
    await expect(racer.race('readStream policy-1', Promise.resolve(42))).resolves.toBe(42);
    await expect(racer.race('readStream policy-1', Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(racer.size).toBe(0);
  });

  it('fails with EventStoreTimeoutError naming the operation, on time, and cancels the call', async () => {
    const racer = new TimeoutRacer(60);
    let cancelled = false;
    const started = Date.now();
    const error = await racer.race('append to policy-1', never(), () => (cancelled = true)).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(EventStoreTimeoutError);
    expect(error).toMatchObject({ name: 'EventStoreTimeoutError', operation: 'append to policy-1', timeoutMs: 60 });
    expect((error as Error).message).toMatch(/^EventStoreDB did not answer within 60 ms: append to policy-1 \(the append may still be applied/);
    expect(cancelled).toBe(true);
    expect(racer.size).toBe(0);
  });

  it('takes a per-call timeout, and ignores a late outcome of the call', async () => {
    const racer = new TimeoutRacer(10_000);
    let fail!: (error: Error) => void;
    const late = new Promise<never>((_, reject) => (fail = reject));
    await expect(racer.race('connection check', late, undefined, 20)).rejects.toMatchObject({ timeoutMs: 20 });
    fail(new Error('too late')); // must not surface as an unhandled rejection
    await new Promise((resolve) => setImmediate(resolve));
  });

  it('clears every pending timer on cancelAll and fails the waiting calls with the given reason', async () => {
    const racer = new TimeoutRacer(60_000);
    const waiting = [racer.race('a', never()), racer.race('b', never())];
    expect(racer.size).toBe(2);
    racer.cancelAll(new Error('closed'));
    expect(racer.size).toBe(0);
    for (const call of waiting) await expect(call).rejects.toThrow('closed');
  });

  it('refuses a timeout that is not a positive number', () => {
    for (const bad of [0, -1, NaN, Infinity]) expect(() => new TimeoutRacer(bad)).toThrow(RangeError);
  });
});
