import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AnchorKeeper, AnchorSigner, HistoryVerifier, SqliteAnchorStore } from '@tc/audit';
import { NewEvent, SqliteEventStore, VerifyReport } from '@tc/eventstore';
import { runCli } from '../../apps/cli/src/cli';

/**
 * DESIGN.md: "any byte changed in stored history breaks the chain and verify names the
 * stream and revision". Real SQLite files written by the adapter; the attacker is a second
 * connection on the same files, editing rows the way anyone holding them could.
 */
const SECRET = 'tamper-secret-tamper-secret-tamper-0123';

interface Row {
  readonly position: number;
  readonly stream: string;
  readonly revision: number;
  readonly body: string;
  readonly hash: string;
}

/** A small deterministic PRNG (mulberry32): a failing edit can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STREAMS = [
  ['policy', 5],
  ['debtor', 4],
  [`creditlimit-${randomUUID()}`, 12],
  ['receivable', 13],
  ['receivable', 13],
  ['receivable', 9],
] as const;

function eventFor(stream: string, revision: number): NewEvent {
  return {
    type: revision === 0 ? 'Registered' : revision % 3 === 0 ? 'PaymentRecorded' : 'FactRecorded',
    data: {
      id: stream,
      amount: 1_000_000 + revision * 12_345,
      currency: 'EUR',
      lines: [{ n: revision, text: 'créance échue' }, null, true],
      reference: `ref-${revision}`,
    },
    metadata: {
      eventId: randomUUID(),
      actor: { sub: revision % 2 ? 'ann' : 'bob', role: revision % 2 ? 'underwriter' : 'claims' },
      correlationId: randomUUID(),
      causationId: randomUUID(),
      ...(revision % 4 === 1 && { comment: `why: the debtor's letter n° ${revision}` }),
      effectiveDate: `2026-0${1 + (revision % 9)}-1${revision % 10}`,
      schemaVersion: 1,
    },
  };
}

describe('tampering with the embedded stores', () => {
  let dir: string;
  let eventsFile: string;
  let anchorsFile: string;
  let streams: string[];
  let verifierStore: SqliteEventStore;
  let anchorStore: SqliteAnchorStore;
  let verifier: HistoryVerifier;
  let attacker: Database.Database;
  let attackerAnchors: Database.Database;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tc-tamper-'));
    eventsFile = join(dir, 'events.sqlite');
    anchorsFile = join(dir, 'anchors.sqlite');
    const writer = SqliteEventStore.open({ file: eventsFile, now: () => new Date('2026-09-01T10:00:00Z') });
    const anchors = new SqliteAnchorStore({ file: anchorsFile });
    const keeper = new AnchorKeeper({ events: writer, anchors, signer: new AnchorSigner(SECRET), now: () => new Date('2026-09-01T10:00:00Z') });
    await keeper.start();
    streams = STREAMS.map(([aggregate]) => (aggregate.includes('-') ? aggregate : `${aggregate}-${randomUUID()}`));
    // Interleaved, in batches of one to three, as a busy service appends them.
    const written = streams.map(() => 0);
    for (let round = 0; written.some((n, i) => n < STREAMS[i][1]); round++) {
      for (let i = 0; i < streams.length; i++) {
        const batch = Math.min(1 + ((round + i) % 3), STREAMS[i][1] - written[i]);
        if (batch <= 0) continue;
        const events = Array.from({ length: batch }, (_, k) => eventFor(streams[i], written[i] + k));
        await writer.append(streams[i], events, written[i] === 0 ? 'no_stream' : written[i] - 1);
        written[i] += batch;
      }
    }
    await keeper.catchUp();
    expect(await keeper.seal()).toMatchObject({ streams: streams.length, events: 56 });
    await keeper.stop();
    await Promise.all([writer.close(), anchors.close()]);

    verifierStore = SqliteEventStore.open({ file: eventsFile });
    anchorStore = new SqliteAnchorStore({ file: anchorsFile, readonly: true });
    verifier = new HistoryVerifier(verifierStore, new AnchorSigner(SECRET), anchorStore);
    attacker = new Database(eventsFile);
    attackerAnchors = new Database(anchorsFile);
  });

  afterAll(async () => {
    attacker.close();
    attackerAnchors.close();
    await Promise.all([verifierStore.close(), anchorStore.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = (stream?: string): Row[] =>
    attacker
      .prepare(`SELECT position, stream, revision, body, hash FROM events ${stream ? 'WHERE stream = ?' : ''} ORDER BY position`)
      .all(...(stream ? [stream] : [])) as Row[];
  const head = (stream: string) => attacker.prepare('SELECT revision, head_hash FROM streams WHERE stream = ?').get(stream) as { revision: number; head_hash: string };

  /** Undoes whatever a case did to the events file, so every case starts from the same intact store. */
  function restoring(work: () => Promise<void>): () => Promise<void> {
    return async () => {
      const events = rows();
      const heads = attacker.prepare('SELECT stream, revision, head_hash FROM streams').all() as { stream: string; revision: number; head_hash: string }[];
      try {
        await work();
      } finally {
        attacker.transaction(() => {
          attacker.exec('DELETE FROM events; DELETE FROM streams;');
          const insert = attacker.prepare('INSERT INTO events (position, stream, revision, event_id, type, body, hash) VALUES (?, ?, ?, ?, ?, ?, ?)');
          for (const e of events) {
            const parsed = JSON.parse(e.body);
            insert.run(e.position, e.stream, e.revision, parsed.metadata.eventId, parsed.type, e.body, e.hash);
          }
          const insertHead = attacker.prepare('INSERT INTO streams (stream, revision, head_hash) VALUES (?, ?, ?)');
          for (const h of heads) insertHead.run(h.stream, h.revision, h.head_hash);
        })();
        expect((await verifier.verifyAll()).intact).toBe(true);
      }
    };
  }

  /** The one broken stream a case must produce, found by the full verification and by the stream's own. */
  async function expectBroken(stream: string, revision: number, reason?: RegExp): Promise<VerifyReport> {
    const all = await verifier.verifyAll();
    expect(all.broken.map((r) => [r.stream, r.brokenAtRevision])).toEqual([[stream, revision]]);
    const one = await verifier.verifyStream(stream);
    expect(one).toMatchObject({ stream, intact: false, brokenAtRevision: revision });
    if (reason) expect(one!.reason).toMatch(reason);
    return all.broken[0];
  }

  it('an intact store reports intact: every stream, every event, the anchors and the seal', async () => {
    const result = await verifier.verifyAll();
    expect(result).toMatchObject({ intact: true, streams: 6, events: 56, broken: [], anchors: { streams: 6 }, seal: { sealed: true, intact: true, streams: 6, events: 56 } });
    for (const stream of streams) expect(await verifier.verifyStream(stream)).toMatchObject({ intact: true, anchoredRevision: head(stream).revision });
  });

  it('200 random single-byte edits of stored events (data or metadata) are each reported with their stream and revision', async () => {
    const seed = 20260901;
    const random = prng(seed);
    const all = rows();
    const update = attacker.prepare('UPDATE events SET body = CAST(? AS TEXT) WHERE position = ?');
    const restore = attacker.prepare('UPDATE events SET body = ? WHERE position = ?');
    for (let edit = 0; edit < 200; edit++) {
      const row = all[Math.floor(random() * all.length)];
      const bytes = Buffer.from(row.body, 'utf8');
      // Alternately inside the data and inside the metadata: {"data":{…},"metadata":{…},"type":"…"}
      const metadataAt = bytes.indexOf(',"metadata":');
      const [from, to] = edit % 2 === 0 ? [8, metadataAt] : [metadataAt + 12, bytes.lastIndexOf(',"type":')];
      const at = from + Math.floor(random() * (to - from));
      const original = bytes[at];
      bytes[at] = (original + 1 + Math.floor(random() * 255)) % 256; // any other byte value
      update.run(bytes, row.position);
      try {
        const broken = await verifier.verifyAll();
        const where = `edit ${edit} (seed ${seed}): byte ${at} of ${row.stream}@${row.revision}, ${original} → ${bytes[at]}`;
        expect({ where, broken: broken.broken.map((r) => [r.stream, r.brokenAtRevision]) }).toEqual({ where, broken: [[row.stream, row.revision]] });
        expect(await verifier.verifyStream(row.stream)).toMatchObject({ intact: false, brokenAtRevision: row.revision });
      } finally {
        restore.run(row.body, row.position);
      }
    }
    expect((await verifier.verifyAll()).intact).toBe(true);
  });

  it(
    'an edited hash, event type or event id column is reported at its revision',
    restoring(async () => {
      const [, , target] = rows(streams[3]);
      attacker.prepare('UPDATE events SET hash = ? WHERE position = ?').run('f'.repeat(64), target.position);
      await expectBroken(streams[3], 2);
      attacker.prepare('UPDATE events SET hash = ?, type = ? WHERE position = ?').run(target.hash, 'Forged', target.position);
      await expectBroken(streams[3], 2, /type or event id/);
    }),
  );

  it(
    'a deleted middle event is reported at its revision',
    restoring(async () => {
      attacker.prepare('DELETE FROM events WHERE stream = ? AND revision = ?').run(streams[2], 5);
      await expectBroken(streams[2], 5, /revision 5 is missing/);
    }),
  );

  it(
    'a deleted last event is reported at its revision (the head row still names it)',
    restoring(async () => {
      attacker.prepare('DELETE FROM events WHERE stream = ? AND revision = ?').run(streams[4], 12);
      await expectBroken(streams[4], 12);
    }),
  );

  it(
    'a deleted last event with the streams head row edited to match is caught by the anchor, at that revision',
    restoring(async () => {
      const events = rows(streams[4]);
      const [previous] = events.slice(-2);
      attacker.prepare('DELETE FROM events WHERE stream = ? AND revision = ?').run(streams[4], 12);
      attacker.prepare('UPDATE streams SET revision = ?, head_hash = ? WHERE stream = ?').run(previous.revision, previous.hash, streams[4]);
      // The event store alone now sees a consistent stream.
      expect(await verifierStore.verify(streams[4])).toMatchObject({ intact: true, events: 12 });
      await expectBroken(streams[4], 12, /revision 12 is missing: the stream's anchor records revision 12/);
    }),
  );

  it(
    'the last three events deleted, the head row edited to match: reported at the first one deleted',
    restoring(async () => {
      const survivor = rows(streams[0])[1];
      attacker.prepare('DELETE FROM events WHERE stream = ? AND revision > 1').run(streams[0]);
      attacker.prepare('UPDATE streams SET revision = 1, head_hash = ? WHERE stream = ?').run(survivor.hash, streams[0]);
      await expectBroken(streams[0], 2, /revisions 2\.\.4 are missing/);
    }),
  );

  it(
    'a stream deleted entirely (events and head row) is still reported, from its anchor',
    restoring(async () => {
      attacker.prepare('DELETE FROM events WHERE stream = ?').run(streams[1]);
      attacker.prepare('DELETE FROM streams WHERE stream = ?').run(streams[1]);
      const all = await verifier.verifyAll();
      expect(all.broken.map((r) => [r.stream, r.brokenAtRevision])).toEqual([[streams[1], 0]]);
      expect(all.streams).toBe(6);
      expect(await verifier.verifyStream(streams[1])).toMatchObject({ intact: false, brokenAtRevision: 0, events: 0 });
    }),
  );

  it(
    'two swapped events (their rows exchanged, revisions kept) are reported at the first of them',
    restoring(async () => {
      const events = rows(streams[3]);
      const [a, b] = [events[4], events[9]];
      const swap = attacker.prepare('UPDATE events SET body = ?, hash = ?, event_id = ?, type = ? WHERE position = ?');
      attacker.transaction(() => {
        for (const [target, source] of [
          [a, b],
          [b, a],
        ]) {
          const parsed = JSON.parse(source.body);
          swap.run(source.body, source.hash, parsed.metadata.eventId, parsed.type, target.position);
        }
      })();
      await expectBroken(streams[3], 4);
    }),
  );

  it(
    'two swapped events (their revision numbers exchanged) are reported at the first of them',
    restoring(async () => {
      const move = attacker.prepare('UPDATE events SET revision = ? WHERE stream = ? AND revision = ?');
      attacker.transaction(() => {
        move.run(-1, streams[5], 3);
        move.run(3, streams[5], 7);
        move.run(7, streams[5], -1);
      })();
      await expectBroken(streams[5], 3);
    }),
  );

  describe('when the attacker edits the anchors store too', () => {
    const deleteLast = (stream: string) => {
      const [previous, last] = rows(stream).slice(-2);
      attacker.prepare('DELETE FROM events WHERE position = ?').run(last.position);
      attacker.prepare('UPDATE streams SET revision = ?, head_hash = ? WHERE stream = ?').run(previous.revision, previous.hash, stream);
      return { previous, last };
    };

    it(
      'an anchor lowered to match the deleted tail fails its MAC (the secret is not in the files)',
      restoring(async () => {
        const { previous } = deleteLast(streams[4]);
        const original = attackerAnchors.prepare('SELECT * FROM anchors WHERE stream = ?').get(streams[4]) as Record<string, unknown>;
        try {
          attackerAnchors
            .prepare('UPDATE anchors SET revision = ?, hash = ?, position = ? WHERE stream = ?')
            .run(previous.revision, previous.hash, String(previous.position), streams[4]);
          await expectBroken(streams[4], 11, /fails the signature check/);
          expect((await verifier.verifyAll()).seal).toMatchObject({ intact: false });
        } finally {
          attackerAnchors.prepare('UPDATE anchors SET revision = ?, hash = ?, position = ?, mac = ? WHERE stream = ?').run(original.revision, original.hash, original.position, original.mac, streams[4]);
        }
      }),
    );

    it(
      "an anchor row deleted is reported (the keeper had read the stream), and the seal no longer matches",
      restoring(async () => {
        deleteLast(streams[4]);
        const original = attackerAnchors.prepare('SELECT * FROM anchors WHERE stream = ?').get(streams[4]) as Record<string, unknown>;
        try {
          attackerAnchors.prepare('DELETE FROM anchors WHERE stream = ?').run(streams[4]);
          const all = await verifier.verifyAll();
          expect(all.broken.map((r) => [r.stream, r.brokenAtRevision])).toEqual([[streams[4], 11]]);
          expect(all.broken[0].reason).toMatch(/no anchor although the anchor keeper has read its events/);
          expect(all.seal).toMatchObject({ sealed: true, intact: false });
        } finally {
          attackerAnchors.prepare('INSERT INTO anchors (stream, revision, hash, position, mac) VALUES (?, ?, ?, ?, ?)').run(original.stream, original.revision, original.hash, original.position, original.mac);
        }
      }),
    );

    it(
      'an anchor put back from an older copy of the file passes its MAC, but not the signed seal',
      restoring(async () => {
        // An older genuine anchor: what the keeper signed when the stream ended one event earlier.
        const { previous } = deleteLast(streams[4]);
        const signer = new AnchorSigner(SECRET);
        const older = { stream: streams[4], revision: previous.revision, hash: previous.hash, position: String(previous.position) };
        const original = attackerAnchors.prepare('SELECT * FROM anchors WHERE stream = ?').get(streams[4]) as Record<string, unknown>;
        try {
          attackerAnchors.prepare('UPDATE anchors SET revision = ?, hash = ?, position = ?, mac = ? WHERE stream = ?').run(older.revision, older.hash, older.position, signer.anchorMac(older), streams[4]);
          const all = await verifier.verifyAll();
          expect(all.broken).toEqual([]);
          expect(all.intact).toBe(false);
          expect(all.seal).toMatchObject({ sealed: true, intact: false, reason: expect.stringMatching(/no longer match the seal/) });
        } finally {
          attackerAnchors.prepare('UPDATE anchors SET revision = ?, hash = ?, position = ?, mac = ? WHERE stream = ?').run(original.revision, original.hash, original.position, original.mac, streams[4]);
        }
      }),
    );

    it('a seal edited to match fails its signature', async () => {
      const seal = attackerAnchors.prepare('SELECT id, events FROM seals ORDER BY id DESC LIMIT 1').get() as { id: number; events: number };
      try {
        attackerAnchors.prepare('UPDATE seals SET events = ? WHERE id = ?').run(seal.events - 1, seal.id);
        expect((await verifier.verifyAll()).seal).toMatchObject({ intact: false, reason: expect.stringMatching(/fails its signature/) });
      } finally {
        attackerAnchors.prepare('UPDATE seals SET events = ? WHERE id = ?').run(seal.events, seal.id);
      }
    });
  });

  describe('npm run cli -- verify', () => {
    const cli = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(argv, { env: { DATA_DIR: dir, JWT_SECRET: SECRET }, out: (l) => out.push(l), err: (l) => err.push(l) });
      return { code, out, err };
    };

    it('exits 0 on the intact store, with progress on stderr', async () => {
      const run = await cli('verify', '--all');
      expect(run.code).toBe(0);
      expect(run.out.at(-1)).toMatch(/^verified 6 streams, 56 events in .* s \(.* events\/s\): intact$/);
      expect(run.out).toContainEqual('anchors: match the seal of 2026-09-01T10:00:00.000Z over 6 streams, 56 events');
      expect(run.err.at(-1)).toMatch(/^checked 6 streams, 56 of ~56 events \(.* events\/s, ETA 0 s\)$/);
      expect((await cli('verify')).code).toBe(0);
      expect(await cli('verify', '--stream', streams[2])).toMatchObject({ code: 0, out: [`${streams[2]}: intact, 12 events, anchored at revision 11`] });
    });

    it(
      'exits 1 and lists each broken stream with its revision',
      restoring(async () => {
        const [previous] = rows(streams[4]).slice(-2);
        attacker.prepare('DELETE FROM events WHERE stream = ? AND revision = 12').run(streams[4]);
        attacker.prepare('UPDATE streams SET revision = ?, head_hash = ? WHERE stream = ?').run(previous.revision, previous.hash, streams[4]);
        attacker.prepare('DELETE FROM events WHERE stream = ? AND revision = 2').run(streams[0]);
        attacker.prepare("UPDATE events SET body = replace(body, 'créance', 'creance') WHERE stream = ? AND revision = 6").run(streams[2]);
        const run = await cli('verify', '--all');
        expect(run.code).toBe(1);
        const expected = [
          [streams[0], 2],
          [streams[2], 6],
          [streams[4], 12],
        ].sort(([a], [b]) => (a < b ? -1 : 1));
        expect(run.out.filter((line) => line.startsWith('BROKEN'))).toEqual(expected.map(([stream, revision]) => expect.stringMatching(new RegExp(`^BROKEN ${stream} at revision ${revision}: `))));
        expect(run.out.at(-1)).toMatch(/: 3 broken stream\(s\)$/);
        expect(await cli('verify', '--stream', streams[4])).toMatchObject({ code: 1, out: [expect.stringMatching(`^BROKEN ${streams[4]} at revision 12: `), expect.stringContaining('BROKEN')] });
      }),
    );

    it('refuses bad arguments with usage (exit 2), and a missing store with exit 1', async () => {
      expect((await cli('verify', '--all', '--stream', streams[0])).code).toBe(2);
      expect((await cli('verify', '--stream', 'receivable-../../etc')).code).toBe(2);
      expect((await cli('verify', '--colour', 'red')).code).toBe(2);
      const empty = mkdtempSync(join(tmpdir(), 'tc-tamper-empty-'));
      try {
        const run = await runCli(['verify'], { env: { DATA_DIR: empty, JWT_SECRET: SECRET }, out: () => undefined, err: () => undefined });
        expect(run).toBe(1);
      } finally {
        rmSync(empty, { recursive: true, force: true });
      }
    });
  });

  it('a verifier working on a copy of the files gives the same answer (the CLI opens them read-only alongside the API)', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'tc-tamper-copy-'));
    try {
      // WAL files included: the copy is what another process would see.
      for (const suffix of ['', '-wal', '-shm']) {
        for (const file of [eventsFile, anchorsFile]) {
          try {
            copyFileSync(file + suffix, join(copy, `${file === eventsFile ? 'events' : 'anchors'}.sqlite${suffix}`));
          } catch {
            // no WAL file: everything is in the main file
          }
        }
      }
      const store = SqliteEventStore.open({ file: join(copy, 'events.sqlite') });
      const anchors = new SqliteAnchorStore({ file: join(copy, 'anchors.sqlite'), readonly: true });
      try {
        expect(await new HistoryVerifier(store, new AnchorSigner(SECRET), anchors).verifyAll()).toMatchObject({ intact: true, streams: 6, events: 56 });
        expect(await new HistoryVerifier(store, new AnchorSigner('another-secret-another-secret-0123456'), anchors).verifyAll()).toMatchObject({ intact: false });
      } finally {
        await Promise.all([store.close(), anchors.close()]);
      }
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
