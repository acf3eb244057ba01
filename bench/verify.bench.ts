import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { AnchorKeeper, AnchorSigner, HistoryVerifier, SqliteAnchorStore } from '@tc/audit';
import { NewEvent, SqliteEventStore } from '@tc/eventstore';
import { Bench, Figure, UsageError, withTempDir } from './lib/bench';

const SECRET = 'bench-secret-bench-secret-bench-secret';

/** A receivable-sized event (about 600 bytes stored), with the metadata every event carries. */
const newEvent = (stream: number, revision: number): NewEvent => ({
  type: revision === 0 ? 'ReceivableRegistered' : 'PaymentRecorded',
  data: {
    paymentId: randomUUID(),
    amount: 100_000 + ((stream * 31 + revision) % 900_000),
    receivedAt: '2026-03-10T09:00:00.000Z',
    receivedOn: '2026-03-10',
    reference: `transfer ${stream}/${revision}`,
  },
  metadata: {
    eventId: randomUUID(),
    actor: { sub: `claims-${stream % 40}`, role: 'claims' },
    correlationId: randomUUID(),
    causationId: randomUUID(),
    ...(revision % 5 === 0 && { comment: 'instalment agreed with the debtor' }),
    effectiveDate: '2026-03-10',
    schemaVersion: 1,
  },
});

/** Calls `report` about every tenth of `total`. */
const every10Percent = (total: number, report: (done: number) => void) => {
  let next = total / 10;
  return (done: number) => {
    if (done < next && done < total) return;
    next += total / 10;
    report(done);
  };
};

/**
 * `cli verify --all` on a store of N events (default 1,000,000): every hash chain, every
 * anchor and the signed seal. The events are written with batched appends into a temporary
 * store, then anchored by the keeper as the API would, then verified.
 */
export const bench: Bench = {
  description: 'history verification (hash chains + anchors + seal) over a large store',
  async run({ flags, progress }) {
    const total = flags.number('events', 1_000_000);
    const perStream = flags.number('per-stream', 100);
    const batch = flags.number('batch', 100);
    if (batch > perStream) throw new UsageError('--batch must not exceed --per-stream');
    const streams = Math.ceil(total / perStream);
    return withTempDir(async (dir) => {
      const events = SqliteEventStore.open({ file: join(dir, 'events.sqlite') });
      const anchors = new SqliteAnchorStore({ file: join(dir, 'anchors.sqlite') });
      const signer = new AnchorSigner(SECRET);
      try {
        progress(`writing ${total.toLocaleString('en-US')} events in ${streams.toLocaleString('en-US')} streams, ${batch} per append…`);
        const writing = Date.now();
        const written = every10Percent(total, (done) => progress(`  ${done.toLocaleString('en-US')} events written`));
        let done = 0;
        // Round-robin over the streams, one batch each, so that streams interleave in the log.
        for (let from = 0; from < perStream; from += batch) {
          for (let s = 0; s < streams && done < total; s++) {
            const count = Math.min(batch, perStream - from, total - done);
            const name = `receivable-${String(s).padStart(8, '0')}`;
            await events.append(name, Array.from({ length: count }, (_, i) => newEvent(s, from + i)), from === 0 ? 'no_stream' : from - 1);
            done += count;
            written(done);
          }
        }
        const writeSeconds = (Date.now() - writing) / 1000;

        progress('anchoring the heads (the keeper, from an empty checkpoint)…');
        const keeper = new AnchorKeeper({ events, anchors, signer, now: () => new Date() });
        const anchoring = process.hrtime.bigint();
        await keeper.start();
        await keeper.catchUp();
        await keeper.stop();
        const anchorSeconds = Number(process.hrtime.bigint() - anchoring) / 1e9;

        progress('verifying…');
        const checked = every10Percent(total, (n) => progress(`  ${n.toLocaleString('en-US')} events verified`));
        let verified = 0;
        const verifying = process.hrtime.bigint();
        const result = await new HistoryVerifier(events, signer, anchors).verifyAll((report) => checked((verified += report.events)));
        const verifySeconds = Number(process.hrtime.bigint() - verifying) / 1e9;
        if (!result.intact || result.events !== total || !result.seal.sealed) throw new Error(`the bench store did not verify: ${JSON.stringify({ ...result, broken: result.broken.slice(0, 3) })}`);

        const size = `${total.toLocaleString('en-US')} events, ${streams.toLocaleString('en-US')} streams`;
        return [
          { metric: `verify --all: chains + anchors + seal (${size})`, value: total / verifySeconds, unit: 'events/s' },
          { metric: 'anchor keeper catch-up (subscription from the start)', value: total / anchorSeconds, unit: 'events/s' },
          { metric: `batched appends (${batch} per append, setup)`, value: total / writeSeconds, unit: 'events/s' },
        ] satisfies Figure[];
      } finally {
        await Promise.all([events.close(), anchors.close()]);
      }
    });
  },
};
