import { EventStore, Position, VerifyReport } from '@tc/eventstore';
import { AnchorSigner } from '../anchors/anchor-signer';
import { AnchorStore } from '../anchors/anchor-store.port';
import { checkAgainstAnchor } from './anchor-check';
import { SealCheck, checkLatestSeal } from './seal-check';

export interface StreamVerification extends VerifyReport {
  /** The head revision anchored outside the event store; null when the stream has no anchor (yet). */
  readonly anchoredRevision: number | null;
}

export interface HistoryVerification {
  readonly intact: boolean;
  readonly streams: number;
  readonly events: number;
  /** Every stream that is not intact, each with its first broken revision, in stream order. */
  readonly broken: readonly VerifyReport[];
  /** Undefined without an anchors store: deletions at the end of a stream then go unseen. */
  readonly anchors?: { readonly checkpoint: Position | undefined; readonly streams: number };
  readonly seal: SealCheck;
}

const PAGE = 1_000;

/**
 * Proof that history was not altered: each stream's hash chain (the event store's own
 * verify), then its anchor, then the latest signed seal over all anchors. Shared by the
 * audit route and `cli verify`.
 */
export class HistoryVerifier {
  constructor(
    private readonly events: EventStore,
    private readonly signer: AnchorSigner,
    private readonly anchors?: AnchorStore,
  ) {}

  /** Undefined for a stream that has no event, no head and no anchor: it never existed. */
  async verifyStream(stream: string): Promise<StreamVerification | undefined> {
    // Checkpoint, anchor, then chain: read in this order an anchor can lag the stream, never lead it.
    const checkpoint = await this.anchors?.checkpoint();
    const anchor = await this.anchors?.get(stream);
    const chain = await this.events.verify(stream);
    if (chain.intact && chain.events === 0 && !anchor) return undefined;
    const report = await checkAgainstAnchor(this.events, this.signer, chain, anchor, checkpoint);
    return { ...report, anchoredRevision: anchor?.revision ?? null };
  }

  /** `onProgress` receives each stream's chain report as the event store checks it. */
  async verifyAll(onProgress?: (report: VerifyReport) => void): Promise<HistoryVerification> {
    const eventsOf = new Map<string, number>();
    const chains = await this.events.verifyAll((report) => {
      eventsOf.set(report.stream, report.events);
      onProgress?.(report);
    });
    const broken = new Map(chains.broken.map((report) => [report.stream, report]));
    let streams = chains.streams;
    if (!this.anchors) {
      return { intact: broken.size === 0, streams, events: chains.events, broken: sorted(broken), seal: { sealed: false, intact: true } };
    }

    const checkpoint = await this.anchors.checkpoint();
    let anchored = 0;
    for (let after = ''; ; ) {
      const page = await this.anchors.page(after, PAGE);
      for (const anchor of page) {
        anchored++;
        const events = eventsOf.get(anchor.stream);
        eventsOf.delete(anchor.stream);
        if (events === undefined) streams++; // every event and the head row are gone: only the anchor remembers the stream
        if (broken.has(anchor.stream)) continue;
        let report = await checkAgainstAnchor(this.events, this.signer, { stream: anchor.stream, intact: true, events: events ?? 0 }, anchor, checkpoint);
        // The log may have moved on since the chain pass (the API appending while the CLI runs): check again, anchor first.
        if (!report.intact) report = await checkAgainstAnchor(this.events, this.signer, await this.events.verify(anchor.stream), anchor, checkpoint);
        if (!report.intact) broken.set(anchor.stream, report);
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1].stream;
    }
    // What is left has no anchor: normal for events the keeper has not read yet, tampering otherwise.
    for (const [stream, events] of eventsOf) {
      if (broken.has(stream)) continue;
      const report = await checkAgainstAnchor(this.events, this.signer, { stream, intact: true, events }, undefined, checkpoint);
      if (!report.intact) broken.set(stream, report);
    }

    const seal = await checkLatestSeal(this.events, this.anchors, this.signer);
    return {
      intact: broken.size === 0 && seal.intact,
      streams,
      events: chains.events,
      broken: sorted(broken),
      anchors: { checkpoint, streams: anchored },
      seal,
    };
  }
}

const sorted = (broken: Map<string, VerifyReport>): VerifyReport[] => [...broken.values()].sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0));
