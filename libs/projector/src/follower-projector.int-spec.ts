import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@tc/eventstore';
import { SqliteReadStore } from '@tc/readstore';
import { FollowerProjector } from './follower-projector';
import { Projector } from './projector';
import { appendActivity, ledgerProjection } from './testing/toy-projection';

const directory = mkdtempSync(join(tmpdir(), 'tc-follower-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** A follower in "another process": its own connections to the files a running projector writes. */
describe('FollowerProjector', () => {
  let files: { events: string; views: string };
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  function open() {
    const eventStore = SqliteEventStore.open({ file: files.events, pollIntervalMs: 20 });
    const readStore = SqliteReadStore.open({ file: files.views });
    closers.push(() => eventStore.close(), () => readStore.close());
    return { eventStore, readStore };
  }

  beforeEach(() => {
    const id = randomUUID();
    files = { events: join(directory, `${id}.events.sqlite`), views: join(directory, `${id}.views.sqlite`) };
  });

  it('answers waits with the checkpoints another process stores, and times out with the position reached', async () => {
    const runner = open();
    await appendActivity(runner.eventStore, 120);
    const here = open();
    const follower = new FollowerProjector({ ...here, projections: [ledgerProjection()] });
    const head = (await here.eventStore.headPosition()) as string;
    // Nothing built yet: no position, and no wait is met.
    expect(await follower.waitFor(head, { timeoutMs: 60 })).toEqual({ reached: false, position: undefined });

    const projector = new Projector({ ...runner, projections: [ledgerProjection()], batch: { maxEvents: 50, maxDelayMs: 10 }, pollIntervalMs: 50 });
    closers.push(() => projector.stop());
    const waited = follower.waitFor(head, { timeoutMs: 10_000, projections: ['ledger'] });
    await projector.start();
    expect(await waited).toEqual({ reached: true, position: head });

    await appendActivity(here.eventStore, 30, 3);
    const next = (await here.eventStore.headPosition()) as string;
    expect(await follower.waitFor(next, { timeoutMs: 10_000 })).toEqual({ reached: true, position: next });

    await projector.stop();
    await appendActivity(here.eventStore, 5, 5);
    const unseen = (await here.eventStore.headPosition()) as string;
    const started = Date.now();
    expect(await follower.waitFor(unseen, { timeoutMs: 100 })).toEqual({ reached: false, position: next });
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
  });

  it('reports status from the store: generation, checkpoint and lag, rebuilding while a new generation is built', async () => {
    const runner = open();
    await appendActivity(runner.eventStore, 60);
    const projector = new Projector({ ...runner, projections: [ledgerProjection()], batch: { maxEvents: 50, maxDelayMs: 10 } });
    closers.push(() => projector.stop());
    await projector.start();
    const head = (await runner.eventStore.headPosition()) as string;
    await projector.waitFor(head);

    const here = open();
    const follower = new FollowerProjector({ ...here, projections: [ledgerProjection()], lagCountCap: 5 });
    expect(await follower.status()).toEqual([{ name: 'ledger', version: 1, generation: 1, checkpoint: head, status: 'live', lag: { events: 0, eventsCapped: false, seconds: 0 } }]);

    await projector.stop();
    await appendActivity(here.eventStore, 10, 2);
    expect((await follower.status())[0]).toMatchObject({ status: 'catching-up', checkpoint: head, lag: { events: 5, eventsCapped: true } });
    await here.readStore.createGeneration(ledgerProjection().views[0], 2);
    expect((await follower.status())[0]).toMatchObject({ status: 'rebuilding', generation: 1 });
  });

  it('runs and rebuilds nothing, refuses unknown names as the projector does, and lets waits go when stopped', async () => {
    const here = open();
    await appendActivity(here.eventStore, 10);
    const follower = new FollowerProjector({ ...here });
    follower.register(ledgerProjection());
    await follower.start();
    expect(follower.projections.map((p) => p.name)).toEqual(['ledger']);
    expect(() => follower.rebuild('ledger')).toThrow(expect.objectContaining({ code: 'PROJECTIONS_RUN_ELSEWHERE' }));
    expect(() => follower.rebuild('nope')).toThrow('no projection named nope');
    expect(() => follower.waitFor('1', { projections: ['nope'] })).toThrow('no projection named nope');
    expect(() => follower.register(ledgerProjection())).toThrow(/invalid or taken/);
    expect(await here.readStore.generations('accounts')).toMatchObject({ lastCreated: 0 });

    const head = (await here.eventStore.headPosition()) as string;
    const waiting = follower.waitFor(head, { timeoutMs: 10_000 });
    const started = Date.now();
    await follower.stop();
    expect(await waiting).toEqual({ reached: false, position: undefined });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
