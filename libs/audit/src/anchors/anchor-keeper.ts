import { EventStore, Position, StoredEvent, Subscription } from '@tc/eventstore';
import { AnchorSigner, HeadDigest } from './anchor-signer';
import { AnchorStore, HeadSeal } from './anchor-store.port';

export interface AnchorKeeperOptions {
  readonly events: EventStore;
  readonly anchors: AnchorStore;
  readonly signer: AnchorSigner;
  readonly now: () => Date;
  /** How often the heads are sealed while the log moves (default: every minute). */
  readonly sealEveryMs?: number;
  readonly onSeal?: (seal: HeadSeal) => void;
  /** A failed batch or subscription; the keeper starts again from its durable checkpoint. */
  readonly onError?: (error: unknown) => void;
}

/** Heads waiting for the next batch: a busy log writes one row per stream per batch, not one per event. */
const FLUSH_AT = 1_000;
const PAGE = 1_000;
const RESTART_AFTER_MS = 1_000;
const CATCH_UP_TIMEOUT_MS = 60_000;

type Head = { revision: number; hash: string; position: Position };

/**
 * Follows the global log from a durable checkpoint and keeps each stream's head (revision
 * + hash) in the anchors store, checkpoint and anchors in one transaction; seals all heads
 * periodically. Batches and seals run one at a time, so a seal covers exactly the anchors
 * at its checkpoint.
 */
export class AnchorKeeper {
  private subscription?: Subscription;
  private readonly pending = new Map<string, Head>();
  private seen?: Position;
  private durable?: Position;
  private sealedAt?: Position;
  private serial: Promise<unknown> = Promise.resolve();
  private flushScheduled = false;
  private running = false;
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: AnchorKeeperOptions) {}

  async start(): Promise<void> {
    if (this.running) return;
    this.durable = this.seen = await this.options.anchors.checkpoint();
    this.sealedAt = (await this.options.anchors.latestSeal())?.position;
    this.running = true;
    this.subscribe();
    this.timer = setInterval(() => this.seal().catch((error: unknown) => this.report(error)), this.options.sealEveryMs ?? 60_000);
    this.timer.unref();
  }

  /** Resolves once every event in the log when called is anchored (tests, tools). */
  async catchUp(): Promise<void> {
    const head = await this.options.events.headPosition();
    const deadline = Date.now() + CATCH_UP_TIMEOUT_MS;
    while (head !== undefined && (this.seen === undefined || this.options.events.comparePositions(this.seen, head) < 0)) {
      if (!this.running || Date.now() > deadline) throw new Error('the anchor keeper is not following the log');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await this.flush();
  }

  flush(): Promise<void> {
    return this.inTurn(() => this.flushNow());
  }

  /** Flushes, then seals the heads unless nothing moved since the last seal. */
  seal(): Promise<HeadSeal | undefined> {
    return this.inTurn(async () => {
      await this.flushNow();
      if (this.durable === undefined || this.durable === this.sealedAt) return undefined;
      const seal = await this.sealNow(this.durable);
      this.sealedAt = seal.position;
      this.options.onSeal?.(seal);
      return seal;
    });
  }

  /** Stops following the log, anchors what it has read and seals it. */
  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.timer);
    await this.subscription?.stop();
    await this.seal();
  }

  private subscribe(): void {
    this.subscription = this.options.events.subscribe({
      after: this.durable,
      handler: (event) => this.take(event),
      onError: (error) => {
        this.report(error);
        // What was read but not stored is read again from the durable checkpoint.
        const retry = setTimeout(() => this.inTurn(async () => {
          this.pending.clear();
          this.seen = this.durable;
          if (this.running) this.subscribe();
        }), RESTART_AFTER_MS);
        retry.unref();
      },
    });
  }

  private async take(event: StoredEvent): Promise<void> {
    this.pending.set(event.stream, { revision: event.revision, hash: event.metadata.hash, position: event.position });
    this.seen = event.position;
    if (this.pending.size >= FLUSH_AT) {
      await this.flush();
    } else if (!this.flushScheduled) {
      // After the subscription's current page: one batch per page, or per event once live.
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flush().catch((error: unknown) => this.report(error));
      });
    }
  }

  private async flushNow(): Promise<void> {
    const checkpoint = this.seen;
    if (checkpoint === undefined || checkpoint === this.durable) return;
    const heads = [...this.pending];
    this.pending.clear();
    const { signer } = this.options;
    try {
      await this.options.anchors.record(
        heads.map(([stream, head]) => ({ stream, ...head, mac: signer.anchorMac({ stream, ...head }) })),
        checkpoint,
      );
    } catch (error) {
      // Back into the next batch, unless a later event of the stream is already there.
      for (const [stream, head] of heads) if (!this.pending.has(stream)) this.pending.set(stream, head);
      throw error;
    }
    this.durable = checkpoint;
  }

  private async sealNow(position: Position): Promise<HeadSeal> {
    const digest = new HeadDigest();
    for (let after = ''; ; ) {
      const page = await this.options.anchors.page(after, PAGE);
      for (const anchor of page) digest.add(anchor.stream, anchor.revision, anchor.hash);
      if (page.length < PAGE) break;
      after = page[page.length - 1].stream;
    }
    const unsigned = { sealedAt: this.options.now().toISOString(), position, streams: digest.streams, events: digest.events, digest: digest.digest() };
    const seal = { ...unsigned, signature: this.options.signer.sealSignature(unsigned) };
    await this.options.anchors.addSeal(seal);
    return seal;
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const result = this.serial.then(work);
    this.serial = result.catch(() => undefined);
    return result;
  }

  private report(error: unknown): void {
    if (this.options.onError) this.options.onError(error);
  }
}
