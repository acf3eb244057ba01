import { EventStore, Position, VerifyReport } from '@tc/eventstore';
import { AnchorSigner } from '../anchors/anchor-signer';
import { StreamAnchor } from '../anchors/anchor-store.port';

/**
 * Compares a stream whose hash chain holds (`report.intact`) with its anchor, kept outside
 * the event store: the chain alone cannot tell a stream whose last events were deleted, with
 * its head row edited to match, from one that never had them.
 */
export async function checkAgainstAnchor(
  events: EventStore,
  signer: AnchorSigner,
  report: VerifyReport,
  anchor: StreamAnchor | undefined,
  checkpoint: Position | undefined,
): Promise<VerifyReport> {
  if (!report.intact) return report;
  const { stream } = report;
  const broken = (revision: number, reason: string): VerifyReport => ({ stream, intact: false, events: report.events, brokenAtRevision: revision, reason });
  if (!anchor) {
    if (report.events === 0 || checkpoint === undefined) return report;
    // The keeper has read past this stream's last event, so its anchor was there: someone removed it.
    const [last] = await events.readStream(stream, { fromRevision: report.events - 1 });
    if (last && events.comparePositions(last.position, checkpoint) <= 0) {
      return broken(last.revision, 'the stream has no anchor although the anchor keeper has read its events: the anchors store was altered');
    }
    return report;
  }
  if (!signer.verifyAnchor(anchor)) return broken(anchor.revision, 'its anchor fails the signature check: the anchors store was altered');
  if (anchor.revision >= report.events) {
    const missing = report.events === anchor.revision ? `revision ${anchor.revision} is` : `revisions ${report.events}..${anchor.revision} are`;
    return broken(report.events, `${missing} missing: the stream's anchor records revision ${anchor.revision} (events deleted from the end of the stream)`);
  }
  const [event] = await events.readStream(stream, { fromRevision: anchor.revision, toRevision: anchor.revision });
  if (event?.metadata.hash !== anchor.hash) {
    return broken(anchor.revision, `the event at revision ${anchor.revision} is not the one anchored: the history was rewritten`);
  }
  return report;
}
