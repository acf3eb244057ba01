import { PassThrough, Readable } from 'node:stream';
import type { EventStoreDBClient } from '@eventstore/db-client';
import { StreamNotFoundError, WrongExpectedVersionError } from '@eventstore/db-client';
import type { EsdbConnection } from '../esdb-client';
import { EsdbPosition } from '../esdb-position';

interface Recorded {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly isJson: true;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly created: Date;
  readonly position: EsdbPosition;
}

interface Proposed {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: unknown;
}

type Filter = { filterOn: 'streamName' | 'eventType'; prefixes?: string[]; regex?: string };

/** Server order of positions: a record at log position L is at or after P when L >= P.commit. */
const atOrAfter = (record: Recorded, from: EsdbPosition) => record.position.commit >= from.commit;

/**
 * An in-memory stand-in for `EventStoreDBClient`, with the server's semantics as far as the
 * adapter relies on them (read from EventStoreDB's source: `Streams.Read.cs`, the index
 * writer's idempotency check):
 * - each event's `$all` position is (its log position, the position of its write's first event);
 * - reads forwards from a position include the event at it; subscriptions here do too, the
 *   harsher case, which the adapter must skip;
 * - a missing stream fails while iterating with StreamNotFoundError;
 * - an append whose events already sit after the expected revision is deduplicated;
 * - `$`-prefixed system events are interleaved in `$all`;
 * - bodies go through JSON, as over the wire.
 * It is not a server: the contract suite runs against a real one when EVENTSTORE_URL is set.
 */
export class EmulatedEsdbClient {
  private readonly log: Recorded[] = [];
  private readonly streams = new Map<string, Recorded[]>();
  private readonly live = new Set<{ stream: PassThrough; filter?: Filter }>();
  private next = 1_000n;
  private appends = 0;

  constructor() {
    this.record('$settings', [{ id: '00000000-0000-4000-8000-000000000001', type: '$settings', data: {} }]);
  }

  connection(): EsdbConnection {
    return { client: this as unknown as EventStoreDBClient, close: async () => this.dispose() };
  }

  async appendToStream(streamName: string, events: Proposed[], { expectedRevision = 'any' }: { expectedRevision?: 'any' | 'no_stream' | bigint } = {}) {
    await Promise.resolve();
    const stored = this.streams.get(streamName) ?? [];
    const current = stored.length === 0 ? -1 : Number(stored[stored.length - 1].revision);
    if (expectedRevision !== 'any' && (expectedRevision === 'no_stream' ? current !== -1 : Number(expectedRevision) !== current)) {
      const first = expectedRevision === 'no_stream' ? 0 : Number(expectedRevision) + 1;
      const same = events.every((e, i) => stored.find((r) => r.revision === BigInt(first + i))?.id === e.id);
      if (same) return { success: true, nextExpectedRevision: BigInt(first + events.length - 1), position: undefined };
      throw new WrongExpectedVersionError(undefined, { streamName, expected: expectedRevision, current: current === -1 ? 'no_stream' : BigInt(current) });
    }
    const records = this.record(streamName, events);
    if (++this.appends % 3 === 0) this.record(`$$${streamName}`, [{ id: '00000000-0000-4000-8000-00000000000' + (this.appends % 10), type: '$metadata', data: {} }]);
    return { success: true, nextExpectedRevision: records[records.length - 1].revision, position: records[0].position };
  }

  readStream(streamName: string, { fromRevision = 'start', maxCount = Number.MAX_SAFE_INTEGER, direction = 'forwards' }: { fromRevision?: 'start' | 'end' | bigint; maxCount?: number | bigint; direction?: string } = {}) {
    const stored = this.streams.get(streamName);
    let records: Recorded[] = [];
    if (stored) {
      if (direction === 'forwards') {
        const from = fromRevision === 'start' ? 0n : fromRevision === 'end' ? BigInt(Number.MAX_SAFE_INTEGER) : fromRevision;
        records = stored.filter((r) => r.revision >= from).slice(0, Number(maxCount));
      } else {
        const from = fromRevision === 'end' ? BigInt(Number.MAX_SAFE_INTEGER) : fromRevision === 'start' ? 0n : fromRevision;
        records = stored.filter((r) => r.revision <= from).reverse().slice(0, Number(maxCount));
      }
    }
    return this.read(records, stored ? undefined : streamName);
  }

  readAll({ fromPosition = 'start', maxCount = Number.MAX_SAFE_INTEGER, direction = 'forwards' }: { fromPosition?: 'start' | 'end' | EsdbPosition; maxCount?: number | bigint; direction?: string } = {}) {
    let records: Recorded[];
    if (direction === 'forwards') {
      records = fromPosition === 'start' ? this.log : fromPosition === 'end' ? [] : this.log.filter((r) => atOrAfter(r, fromPosition));
    } else {
      const before = fromPosition === 'end' ? this.log : fromPosition === 'start' ? [] : this.log.filter((r) => !atOrAfter(r, fromPosition));
      records = [...before].reverse();
    }
    return this.read(records.slice(0, Number(maxCount)));
  }

  subscribeToAll({ fromPosition = 'start', filter }: { fromPosition?: 'start' | 'end' | EsdbPosition; filter?: Filter } = {}) {
    const stream = new PassThrough({ objectMode: true });
    const entry = { stream, filter };
    const backlog = fromPosition === 'start' ? [...this.log] : fromPosition === 'end' ? [] : this.log.filter((r) => atOrAfter(r, fromPosition));
    // Written at once and buffered by the stream, so that no append falls between backlog and live.
    for (const record of backlog) if (this.passes(record, filter)) stream.write({ event: structuredClone(record) });
    this.live.add(entry);
    stream.on('close', () => this.live.delete(entry));
    return Object.assign(stream, { unsubscribe: async () => void stream.destroy() });
  }

  /**
   * What someone with the chunk files could do: change one character of an event's stored JSON
   * (its data, or the hash in its metadata), or remove an event (the others keep their revisions).
   */
  tamper = {
    editByte: (stream: string, revision: number, field: 'body' | 'hash' = 'body'): void => {
      const record = this.at(stream, revision) as { data: unknown; metadata: unknown };
      const target = field === 'body' ? 'data' : 'metadata';
      const text = JSON.stringify(record[target]);
      const at = field === 'body' ? text.search(/[0-9a-z]/) : text.indexOf('"hash":"') + 8;
      const edited = text.slice(0, at) + (text[at] === '0' ? '1' : '0') + text.slice(at + 1);
      record[target] = JSON.parse(edited);
    },
    deleteEvent: (stream: string, revision: number): void => {
      const record = this.at(stream, revision);
      this.streams.set(stream, this.streams.get(stream)!.filter((r) => r !== record));
      this.log.splice(this.log.indexOf(record), 1);
    },
  };

  private at(stream: string, revision: number): Recorded {
    const record = this.streams.get(stream)?.find((r) => r.revision === BigInt(revision));
    if (!record) throw new Error(`no event ${stream}@${revision}`);
    return record;
  }

  async dispose(): Promise<void> {
    for (const { stream } of this.live) stream.destroy();
    this.live.clear();
  }

  private record(streamId: string, events: readonly Proposed[]): Recorded[] {
    const stored = this.streams.get(streamId) ?? [];
    this.streams.set(streamId, stored);
    const transaction = this.next;
    const records = events.map((event) => {
      const record: Recorded = {
        streamId,
        id: event.id,
        revision: stored.length === 0 ? 0n : stored[stored.length - 1].revision + 1n,
        type: event.type,
        isJson: true,
        data: JSON.parse(JSON.stringify(event.data)),
        metadata: event.metadata === undefined ? undefined : JSON.parse(JSON.stringify(event.metadata)),
        created: new Date(),
        position: { commit: this.next, prepare: transaction },
      };
      this.next += 137n;
      stored.push(record);
      this.log.push(record);
      return record;
    });
    for (const { stream, filter } of this.live) for (const record of records) if (this.passes(record, filter)) stream.write({ event: structuredClone(record) });
    return records;
  }

  private passes(record: Recorded, filter: Filter | undefined): boolean {
    if (!filter) return true;
    const subject = filter.filterOn === 'streamName' ? record.streamId : record.type;
    return filter.prefixes ? filter.prefixes.some((p) => subject.startsWith(p)) : new RegExp(filter.regex ?? '').test(subject);
  }

  private read(records: readonly Recorded[], missing?: string) {
    async function* items() {
      await Promise.resolve();
      if (missing !== undefined) throw new StreamNotFoundError(undefined, missing);
      // Each response is parsed afresh by the real client: readers never share objects.
      for (const record of records) yield { event: structuredClone(record) };
    }
    const stream = Readable.from(items());
    return Object.assign(stream, { cancel: async () => void stream.destroy() });
  }
}
