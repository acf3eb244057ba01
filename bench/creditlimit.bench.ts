import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { CreditLimitsFacade } from '@tc/credit-limits';
import { SqliteEventStore, SqliteSnapshotStore } from '@tc/eventstore';
import { addDays } from '@tc/kernel';
import { CommandMetadata, CommandPipeline } from '@tc/platform';
import { Bench, Figure, median, withTempDir } from './lib/bench';

const metadata: CommandMetadata = { actor: { sub: 'bench', role: 'underwriter' }, correlationId: 'bench' };
const identity = { policyId: randomUUID(), debtorId: randomUUID(), currency: 'EUR' };

/**
 * A long credit-limit stream (a large debtor: one named limit, then receivables reserving,
 * lowering as they are paid, and releasing), loaded by folding every event vs from the
 * latest snapshot plus the events after it.
 */
export const bench: Bench = {
  description: 'credit-limit stream load: full fold vs snapshot + tail',
  async run({ flags, progress }) {
    const events = flags.number('events', 10_000);
    const runs = flags.number('runs', 7);
    return withTempDir(async (dir) => {
      const store = SqliteEventStore.open({ file: join(dir, 'events.sqlite') });
      const snapshots = new SqliteSnapshotStore(join(dir, 'snapshots.sqlite'));
      const withSnapshots = new CreditLimitsFacade(new CommandPipeline(store, snapshots));
      const withoutSnapshots = new CreditLimitsFacade(new CommandPipeline(store));
      const { policyId, debtorId } = identity;
      try {
        progress(`writing a credit-limit stream of ${events.toLocaleString()} events…`);
        const started = Date.now();
        await withSnapshots.execute(policyId, debtorId, { type: 'SetCreditLimit', data: { ...identity, amount: 50_000_000_00, effectiveFrom: '2026-01-01', validUntil: '2027-12-31', conditions: [], decidedAt: '2026-01-01', today: '2026-01-01' } }, metadata, '2026-01-01');
        const open: string[] = [];
        let written = 1;
        for (let i = 0; written < events; i++) {
          const date = addDays('2026-01-01', Math.floor(written / 30));
          // About 300 receivables open at a time: reserve, lower once when part-paid, release when settled.
          const step = open.length < 300 || i % 3 === 0 ? 'reserve' : i % 3 === 1 ? 'lower' : 'release';
          const receivableId = step === 'reserve' ? randomUUID() : open[i % open.length];
          if (step === 'release') open.splice(open.indexOf(receivableId), 1);
          else if (step === 'reserve') open.push(receivableId);
          const amount = step === 'release' ? 0 : step === 'lower' ? 1_000_00 : 5_000_00 + (i % 50) * 1_000_00;
          const outcome = await withSnapshots.execute(policyId, debtorId, { type: 'ReserveExposure', data: { ...identity, receivableId, amount, date, discretionaryLimit: 2_000_000 } }, metadata, date);
          written = outcome.revision + 1;
          if (written % 2_000 === 0) progress(`  ${written.toLocaleString()} events (${Math.round(written / ((Date.now() - started) / 1000))} commands/s)`);
        }

        const time = async (facade: CreditLimitsFacade) => {
          const t0 = process.hrtime.bigint();
          const loaded = await facade.load(policyId, debtorId);
          return { ms: Number(process.hrtime.bigint() - t0) / 1e6, loaded };
        };
        // No warm-up: the snapshot is wherever the writes left it, so loads fold a real tail (< 100 events).
        const full: number[] = [];
        const fromSnapshot: number[] = [];
        for (let run = 0; run < runs; run++) {
          const a = await time(withoutSnapshots);
          const b = await time(withSnapshots);
          if (JSON.stringify(a.loaded.state) !== JSON.stringify(b.loaded.state)) throw new Error('snapshot load differs from the full fold');
          full.push(a.ms);
          fromSnapshot.push(b.ms);
          progress(`  run ${run + 1}/${runs}: full fold ${a.ms.toFixed(1)} ms (${a.loaded.folded} events), snapshot ${b.ms.toFixed(2)} ms (${b.loaded.folded} events after it)`);
        }
        const fullMs = median(full);
        const snapMs = median(fromSnapshot);
        const figures: Figure[] = [
          { metric: `load, full fold of ${events} events (median)`, value: fullMs * 1000, unit: 'µs' },
          { metric: 'load, snapshot + tail (median)', value: snapMs * 1000, unit: 'µs' },
          { metric: 'loads/s with snapshots vs full fold', value: 1000 / snapMs, unit: 'loads/s', baseline: 1000 / fullMs, ratio: fullMs / snapMs },
        ];
        return figures;
      } finally {
        await Promise.all([store.close(), snapshots.close()]);
      }
    });
  },
};
