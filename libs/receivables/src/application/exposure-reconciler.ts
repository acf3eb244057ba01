import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { CLOCK, Clock } from '@tc/kernel';
import { EVENT_STORE, EventStore, Position } from '@tc/eventstore';
import { PoliciesFacade } from '@tc/policies';
import { CommandMetadata, CommandPipeline } from '@tc/platform';
import { BACKGROUND, Background } from '@tc/projector';
import { READ_STORE, ReadStore } from '@tc/readstore';
import { Receivable, isRegistered, receivableDecider, reservationOf } from '../domain';
import { ReceivableWorkflow, receivableStreamOf } from './receivable-workflow';

interface Candidate {
  readonly kind: 'reservation' | 'charge';
  /** Where it was read, and the event read just before it: once it is settled, the scan may resume after that one. */
  readonly position: Position;
  readonly previous: Position | undefined;
  readonly policyId: string;
  readonly debtorId?: string;
  readonly receivableId: string;
  /** Instant of the write that made it a candidate (the clock's). */
  readonly recordedAt: number;
}

export interface ReconcileReport {
  readonly checked: number;
  readonly reservationsLowered: number;
  readonly chargesReleased: number;
}

/** Its checkpoint, beside the projections' in the read store: the log before it needs no second look. */
export const RECONCILER_CHECKPOINT = 'exposure-reconciler';

const SYSTEM: CommandMetadata = { actor: { sub: 'exposure-reconciler', role: 'system' }, correlationId: 'exposure-reconciler' };

/**
 * The release process of DESIGN.md "Cover reservation across two aggregates". Exposure is
 * raised on a credit limit (and an indemnity charged on a policy) BEFORE the receivable
 * records the decision that needs it; if that second write never happens (a crash, a lost
 * race), the first is left standing. This process looks at every reservation and charge
 * written since its checkpoint and, once a grace period has passed (so it never races an
 * in-flight decision), brings each back to what its receivable's state needs: it only ever
 * lowers a reservation or releases a charge, never raises anything. Where it has read to, up to
 * its oldest candidate still within the grace period, is stored in the read store: a restart
 * resumes there instead of loading every receivable of the log again (at 200,000 receivables
 * that first pass kept a core busy for two minutes after each start).
 */
@Injectable()
export class ExposureReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExposureReconciler.name);
  private checkpoint: Position | undefined;
  private loaded = false;
  private readonly pending = new Map<string, Candidate>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<ReconcileReport>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly pipeline: CommandPipeline,
    private readonly workflow: ReceivableWorkflow,
    private readonly policies: PoliciesFacade,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(BACKGROUND) private readonly background?: Background,
  ) {}

  onApplicationBootstrap(): void {
    if (this.background?.startsOnBootstrap === false) return; // a worker runs it under a lease
    this.timer = setInterval(() => void this.runOnce().catch((error: unknown) => this.logger.error(error)), 30_000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass; concurrent callers share it. */
  runOnce(options: { graceMs?: number } = {}): Promise<ReconcileReport> {
    this.running ??= this.pass(options.graceMs ?? 60_000).finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(graceMs: number): Promise<ReconcileReport> {
    await this.collect();
    const now = this.clock.now().getTime();
    let checked = 0;
    let reservationsLowered = 0;
    let chargesReleased = 0;
    for (const [key, candidate] of this.pending) {
      if (now - candidate.recordedAt < graceMs) continue;
      checked++;
      const receivable = await this.receivable(candidate.receivableId);
      if (candidate.kind === 'reservation') reservationsLowered += await this.settleReservation(candidate, receivable);
      else chargesReleased += await this.settleCharge(candidate, receivable);
      this.pending.delete(key);
    }
    await this.saveCheckpoint();
    return { checked, reservationsLowered, chargesReleased };
  }

  /** After the last event read, or just before the oldest candidate still waiting: nothing before it is left to check. */
  private async saveCheckpoint(): Promise<void> {
    let oldest: Candidate | undefined;
    for (const candidate of this.pending.values()) if (!oldest || this.store.comparePositions(candidate.position, oldest.position) < 0) oldest = candidate;
    const position = oldest ? oldest.previous : this.checkpoint;
    if (position === undefined) return;
    await this.readStore.commit({ ops: [], checkpoints: [{ projection: RECONCILER_CHECKPOINT, position, version: 1 }] });
  }

  private async collect(): Promise<void> {
    if (!this.loaded) {
      this.checkpoint = (await this.readStore.checkpoint(RECONCILER_CHECKPOINT))?.position;
      this.loaded = true;
    }
    for (;;) {
      const page = await this.store.readAll({ after: this.checkpoint, limit: 1_000, filter: { types: ['ExposureReserved', 'IndemnityCharged'] } });
      let previous = this.checkpoint;
      for (const event of page) {
        const data = event.data as { policyId: string; debtorId?: string; receivableId: string; amount?: number };
        const kind = event.type === 'ExposureReserved' ? 'reservation' : 'charge';
        const key = `${kind}/${data.receivableId}`;
        if (kind === 'reservation' && data.amount === 0) {
          // A lowering to zero needs no check, and leaves nothing of the receivable's earlier reservation to check either.
          this.pending.delete(key);
        } else {
          // The check compares the receivable with what is reserved now, so a later write supersedes an earlier one:
          // the candidate takes the latest place, and a restart before it reads it again.
          this.pending.set(key, { kind, position: event.position, previous, policyId: data.policyId, debtorId: data.debtorId, receivableId: data.receivableId, recordedAt: Date.parse(event.metadata.recordedAt) });
        }
        previous = event.position;
      }
      if (page.length === 0) return;
      this.checkpoint = page[page.length - 1].position;
    }
  }

  private async receivable(receivableId: string): Promise<Receivable | undefined> {
    const { state } = await this.pipeline.load(receivableStreamOf(receivableId), receivableDecider);
    return isRegistered(state) ? state : undefined;
  }

  private async settleReservation(candidate: Candidate, receivable: Receivable | undefined): Promise<number> {
    if (!receivable) return 0; // a reservation is only ever made for a registered receivable
    const today = this.clock.today();
    const exposure = await this.workflow.exposureOf(receivable, today);
    if (exposure.reserved <= reservationOf(receivable, today)) return 0;
    await this.workflow.lowerReservation(receivable, SYSTEM, today);
    this.logger.warn(`lowered the reservation of receivable ${candidate.receivableId} from ${exposure.reserved} to ${reservationOf(receivable, today)}`);
    return 1;
  }

  private async settleCharge(candidate: Candidate, receivable: Receivable | undefined): Promise<number> {
    const approved = receivable?.claim?.status === 'APPROVED' || receivable?.claim?.status === 'PAID';
    if (approved || !(await this.policies.chargeOf(candidate.policyId, candidate.receivableId))) return 0;
    await this.policies.releaseIndemnityCharge(candidate.policyId, candidate.receivableId, 'the claim approval was never recorded on the receivable', SYSTEM, this.clock.today());
    this.logger.warn(`released the orphan indemnity charge of receivable ${candidate.receivableId}`);
    return 1;
  }
}
