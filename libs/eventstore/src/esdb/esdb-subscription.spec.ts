import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { StoredEvent } from '../eventstore.port';
import { EsdbPosition, compareEsdbPositions, encodePosition } from './esdb-position';
import { EsdbSubscription, EsdbSubscriptionOptions, SubscriptionSource, SubscriptionStream } from './esdb-subscription';

/**
 * The subscription's own logic (resubscribing, deduplicating, deciding when it has caught up)
 * against an in-memory `$all`, since no EventStoreDB server runs here. The contract suite runs
 * the same behaviour against a real server.
 */
class Fatal extends Error {}

interface Item {
  readonly position: EsdbPosition;
  readonly event?: StoredEvent;
}

type MemoryStream = PassThrough & SubscriptionStream;

class MemoryLog implements SubscriptionSource {
  readonly items: Item[] = [];
  readonly opened: (EsdbPosition | undefined)[] = [];
  readonly streams = new Set<MemoryStream>();
  failProbes = 0;
  failHeads = 0;
  /** Like a server-side filter: skipped events are not sent (false: sent, and skipped by the subscription). */
  serverFiltered = true;

  /** Appends one event; `selected` false stands for one the filter skips. */
  append(selected = true): Item {
    const n = this.items.length + 1;
    const position = { commit: BigInt(n * 100), prepare: BigInt(n * 100 - 1) };
    const event: StoredEvent | undefined = selected
      ? { stream: `s-${n}`, revision: 0, position: encodePosition(position), type: 'T', data: { n }, metadata: {} as StoredEvent['metadata'] }
      : undefined;
    const item = { position, event };
    this.items.push(item);
    if (selected || !this.serverFiltered) for (const stream of this.streams) stream.write(item);
    return item;
  }

  /** Like EventStoreDB read from a position, it starts AT the position: the subscription must skip it. */
  open(from: EsdbPosition | undefined): SubscriptionStream {
    this.opened.push(from);
    const stream = new PassThrough({ objectMode: true }) as MemoryStream;
    stream.unsubscribe = async () => void stream.end();
    for (const item of this.items) if ((item.event || !this.serverFiltered) && (!from || compareEsdbPositions(item.position, from) >= 0)) stream.write(item);
    this.streams.add(stream);
    stream.on('close', () => this.streams.delete(stream));
    return stream;
  }

  drop(error: Error = new Error('14 UNAVAILABLE: connection reset')): void {
    for (const stream of this.streams) stream.destroy(error);
  }

  accept(item: unknown) {
    return item as Item;
  }

  async head() {
    if (this.failHeads-- > 0) throw new Error('no answer');
    return this.items[this.items.length - 1]?.position;
  }

  async nothingBetween(after: EsdbPosition | undefined, until: EsdbPosition) {
    if (this.failProbes-- > 0) throw new Error('probe: no answer');
    return !this.items.some((i) => i.event && (!after || compareEsdbPositions(i.position, after) > 0) && compareEsdbPositions(i.position, until) <= 0);
  }

  isRetryable(error: unknown) {
    return !(error instanceof Fatal);
  }
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 3_000): Promise<void> {
  for (const start = Date.now(); !condition(); await sleep(5)) if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
}

describe('EsdbSubscription (catch-up, live, resubscription) on an in-memory $all', () => {
  let log: MemoryLog;
  const running: EsdbSubscription[] = [];
  const ns = (events: readonly StoredEvent[]) => events.map((e) => e.data.n);
  const start = (options: Partial<EsdbSubscriptionOptions> & Pick<EsdbSubscriptionOptions, 'handler'>) => {
    const subscription = new EsdbSubscription(log, { retry: { initialMs: 5, maxMs: 20 }, probeIntervalMs: 10, onEnd: () => undefined, ...options });
    running.push(subscription);
    return subscription;
  };
  beforeEach(() => (log = new MemoryLog()));
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
  });

  it('delivers every event after the checkpoint once, in order, catching up then live, and resolves caughtUp after the start head', async () => {
    log.serverFiltered = false;
    const stored = [log.append(), log.append(), log.append(false), log.append()];
    const delivered: StoredEvent[] = [];
    let handledAtCaughtUp = -1;
    const subscription = start({ after: stored[0].position, handler: async (e) => void (await sleep(2), delivered.push(e)) });
    void subscription.caughtUp.then(() => (handledAtCaughtUp = delivered.length));
    await subscription.caughtUp;
    expect(handledAtCaughtUp).toBe(2);
    log.append();
    log.append(false);
    log.append();
    await waitFor(() => delivered.length === 4, 'live events');
    await sleep(30);
    expect(ns(delivered)).toEqual([2, 4, 5, 7]);
    expect(subscription.position).toBe(delivered[3].position);
    expect(log.opened).toEqual([stored[0].position]);
  });

  it('resubscribes after a drop from the last handled position, with back-off, delivering nothing twice', async () => {
    for (let i = 0; i < 5; i++) log.append();
    const delivered: StoredEvent[] = [];
    const drops: [unknown, number][] = [];
    const subscription = start({ handler: (e) => void delivered.push(e), onDrop: (error, delay) => drops.push([error, delay]) });
    await subscription.caughtUp;
    log.drop();
    await waitFor(() => log.opened.length === 2, 'a resubscription');
    log.append();
    log.drop();
    log.drop();
    await waitFor(() => log.opened.length >= 3, 'another resubscription');
    log.append();
    await waitFor(() => delivered.length === 7, 'every event');
    await sleep(30);
    expect(ns(delivered)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(log.opened[0]).toBeUndefined();
    expect(log.opened[1]).toEqual(log.items[4].position);
    expect(drops.length).toBeGreaterThanOrEqual(2);
    expect(drops.every(([, delay]) => delay >= 5 && delay <= 20)).toBe(true);
  });

  it('backs off longer while drops follow each other, up to the maximum', async () => {
    const delays: number[] = [];
    // Every stream fails at once: the server keeps refusing.
    log.open = ((open) => (from: EsdbPosition | undefined) => {
      const stream = open.call(log, from) as MemoryStream;
      setImmediate(() => stream.destroy(new Error('14 UNAVAILABLE')));
      return stream;
    })(log.open);
    start({ handler: () => undefined, onDrop: (_, delay) => delays.push(delay) });
    await waitFor(() => delays.length >= 4, 'four drops');
    expect(delays.slice(0, 4)).toEqual([5, 10, 20, 20]);
  });

  it('resolves caughtUp from a read of the log when the filter selects nothing up to the head', async () => {
    log.append(false);
    log.append(false);
    const subscription = start({ handler: () => undefined });
    await expect(subscription.caughtUp).resolves.toBeUndefined();
    expect(subscription.position).toBeUndefined();
  });

  it('resolves caughtUp at once on an empty log, or when the checkpoint is the head', async () => {
    await start({ handler: () => undefined }).caughtUp;
    const head = log.append();
    await start({ after: head.position, handler: () => undefined }).caughtUp;
  });

  it('treats a failed read (head, or the catch-up check) as a drop and tries again', async () => {
    log.append();
    log.append(false);
    log.failHeads = 2;
    log.failProbes = 2;
    const drops: unknown[] = [];
    const delivered: StoredEvent[] = [];
    const subscription = start({ handler: (e) => void delivered.push(e), onDrop: (error) => drops.push(error) });
    await subscription.caughtUp;
    expect(ns(delivered)).toEqual([1]);
    expect(drops.map((e) => (e as Error).message)).toEqual(expect.arrayContaining(['no answer', 'probe: no answer']));
  });

  it('stops and reports once to onError when the handler throws, without resubscribing', async () => {
    log.append();
    log.append();
    log.append();
    const failure = new Error('handler failed');
    const errors: unknown[] = [];
    const delivered: number[] = [];
    start({
      handler: (e) => {
        if (e.data.n === 2) throw failure;
        delivered.push(e.data.n as number);
      },
      onError: (error) => errors.push(error),
    });
    await waitFor(() => errors.length > 0, 'onError');
    await sleep(50);
    expect(errors).toEqual([failure]);
    expect(delivered).toEqual([1]);
    expect(log.opened).toHaveLength(1);
  });

  it('stops on an error that retrying cannot cure, and rejects caughtUp with it', async () => {
    log.append();
    const fatal = new Fatal('access denied');
    const errors: unknown[] = [];
    const subscription = start({ handler: () => undefined, onError: (error) => errors.push(error) });
    await subscription.caughtUp;
    log.append();
    log.drop(fatal);
    await waitFor(() => errors.length > 0, 'onError');
    expect(errors).toEqual([fatal]);

    log = new MemoryLog();
    log.append();
    log.drop(fatal);
    log.failHeads = 0;
    log.open = () => {
      throw fatal;
    };
    const early = start({ handler: () => undefined, onError: () => undefined });
    await expect(early.caughtUp).rejects.toBe(fatal);
  });

  it('waits in stop() for the handler in flight, then delivers nothing more', async () => {
    for (let i = 0; i < 3; i++) log.append();
    let started = 0;
    let finished = 0;
    const subscription = start({
      handler: async () => {
        started++;
        await sleep(80);
        finished++;
      },
    });
    await waitFor(() => started === 1, 'the first handler');
    await subscription.stop();
    expect(finished).toBe(1);
    log.append();
    await sleep(50);
    expect(started).toBe(1);
    expect(log.streams.size).toBe(0);
  });
});
