import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AnchorSigner, HistoryVerification, HistoryVerifier, STREAM_NAME, SqliteAnchorStore } from '@tc/audit';
import { EventStore, SqliteEventStore, VerifyReport } from '@tc/eventstore';
import { loadConfig } from '@tc/platform';
import { CliCommand, CliIo, EXIT_FAILURE, EXIT_OK, UsageError } from '../cli-command';
import { parseFlags } from '../flags';

const PROGRESS_EVERY_MS = 1_000;
const count = (n: number) => n.toLocaleString('en-US');

/**
 * Verifies the embedded stores the API writes (same DATA_DIR): each stream's hash chain, its
 * anchor in anchors.sqlite, and the latest signed seal. Exit 1 when anything is broken.
 */
export const verifyCommand: CliCommand = {
  name: 'verify',
  summary: 'prove that stored history was not altered (hash chains, anchors, signed seal)',
  usage: '[--all | --stream <name>]',
  async run(args, io) {
    // --all is a switch; parseFlags knows only flags with values.
    const all = args.includes('--all');
    const { stream } = parseFlags(args.filter((arg) => arg !== '--all'), ['stream']);
    if (all && stream !== undefined) throw new UsageError('--all and --stream exclude each other');
    if (stream !== undefined && !STREAM_NAME.test(stream)) throw new UsageError('--stream must be a stream name <aggregate>-<id>');

    const config = loadConfig(io.env);
    const eventsFile = join(config.dataDir, 'events.sqlite');
    if (!existsSync(eventsFile)) {
      io.err(`no event store at ${eventsFile} (is DATA_DIR the API's?)`);
      return EXIT_FAILURE;
    }
    const anchorsFile = join(config.dataDir, 'anchors.sqlite');
    const anchors = existsSync(anchorsFile) ? new SqliteAnchorStore({ file: anchorsFile, readonly: true }) : undefined;
    if (!anchors) io.err(`warning: no anchors at ${anchorsFile}: events deleted from the end of a stream (with its head row edited) cannot be detected`);
    const events = SqliteEventStore.open({ file: eventsFile });
    const verifier = new HistoryVerifier(events, new AnchorSigner(config.jwtSecret), anchors);
    try {
      return stream !== undefined ? await verifyOne(verifier, stream, io) : await verifyEverything(verifier, events, anchors, io);
    } finally {
      await Promise.all([events.close(), anchors?.close()]);
    }
  },
};

async function verifyOne(verifier: HistoryVerifier, stream: string, io: CliIo): Promise<number> {
  const report = await verifier.verifyStream(stream);
  if (!report) {
    io.err(`no stream ${stream}`);
    return EXIT_FAILURE;
  }
  if (!report.intact) io.out(brokenLine(report));
  io.out(`${stream}: ${report.intact ? 'intact' : 'BROKEN'}, ${count(report.events)} events, anchored at revision ${report.anchoredRevision ?? 'none'}`);
  return report.intact ? EXIT_OK : EXIT_FAILURE;
}

async function verifyEverything(verifier: HistoryVerifier, events: EventStore, anchors: SqliteAnchorStore | undefined, io: CliIo): Promise<number> {
  const progress = new Progress(await expectedEvents(events, anchors), io);
  const result = await verifier.verifyAll((report) => progress.add(report));
  progress.done();
  for (const report of result.broken) io.out(brokenLine(report));
  io.out(sealLine(result));
  const seconds = progress.seconds();
  io.out(
    `verified ${count(result.streams)} streams, ${count(result.events)} events in ${seconds.toFixed(1)} s ` +
      `(${count(Math.round(result.events / Math.max(seconds, 1e-3)))} events/s): ` +
      (result.intact ? 'intact' : `${result.broken.length} broken stream(s)${result.seal.intact ? '' : ', seal broken'}`),
  );
  return result.intact ? EXIT_OK : EXIT_FAILURE;
}

const brokenLine = (r: VerifyReport) => `BROKEN ${r.stream} at revision ${r.brokenAtRevision}: ${r.reason}`;

/** The anchors themselves, against their latest signed seal (the streams, against their anchors, are the lines above). */
function sealLine({ seal, anchors }: HistoryVerification): string {
  if (!anchors) return 'anchors: none';
  if (!seal.sealed) return `anchors: ${count(anchors.streams)} streams, not sealed yet`;
  const about = `the seal of ${seal.sealedAt} over ${count(seal.streams ?? 0)} streams, ${count(seal.events ?? 0)} events`;
  return seal.intact ? `anchors: match ${about}` : `anchors: BROKEN against ${about}: ${seal.reason}`;
}

/** For the ETA: the anchored total, else the SQLite log's last position (its row count unless rows were deleted). */
async function expectedEvents(events: EventStore, anchors: SqliteAnchorStore | undefined): Promise<number | undefined> {
  const anchored = (await anchors?.totals())?.events ?? 0;
  if (anchored > 0) return anchored;
  const head = Number(await events.headPosition());
  return Number.isSafeInteger(head) && head > 0 ? head : undefined;
}

/** Streams and events checked, rate and ETA on stderr, at most once a second. */
class Progress {
  private streams = 0;
  private events = 0;
  private readonly started = Date.now();
  private printed = this.started;

  constructor(
    private readonly expected: number | undefined,
    private readonly io: CliIo,
  ) {}

  add(report: VerifyReport): void {
    this.streams++;
    this.events += report.events;
    if (Date.now() - this.printed >= PROGRESS_EVERY_MS) this.print();
  }

  done(): void {
    this.print();
  }

  seconds(): number {
    return (Date.now() - this.started) / 1000;
  }

  private print(): void {
    this.printed = Date.now();
    const rate = this.events / Math.max(this.seconds(), 1e-3);
    const of = this.expected ? ` of ~${count(this.expected)}` : '';
    const left = this.expected && rate > 0 ? Math.max(0, this.expected - this.events) / rate : undefined;
    const eta = left === undefined ? '' : `, ETA ${left.toFixed(0)} s`;
    this.io.err(`checked ${count(this.streams)} streams, ${count(this.events)}${of} events (${count(Math.round(rate))} events/s${eta})`);
  }
}
