import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import { CLOCK, CalendarDate, Clock, deterministicUuid } from '@tc/kernel';
import { EVENT_STORE, EventStore } from '@tc/eventstore';
import { ClockListeners } from '@tc/platform';
import { BACKGROUND, Background, PROJECTOR, Projector, ReadSide } from '@tc/projector';
import { READ_STORE, ReadStore } from '@tc/readstore';
import { DunningStep, ReceivableCommand, dunningSchedule } from '../domain';
import { ReceivableWorkflow } from '../application/receivable-workflow';
import { RECEIVABLE_TIMERS_VIEW, ReceivableTimersDoc, receivableTimersProjection } from '../projections/receivable-timers.projection';

export interface TickReport {
  readonly today: CalendarDate;
  readonly receivables: number;
  readonly fired: number;
}

export type TickProgress = (done: number, total: number, fired: number) => void;

/** Timer steps fired per tick in parallel: appends still serialise on the store, loads overlap. */
const CONCURRENCY = 16;
const SYSTEM_INTERVAL_MS = 60_000;

/** The command a due timer sends, dated on the timer's own day (never the day it happens to run). */
function commandFor(step: DunningStep, today: CalendarDate): ReceivableCommand | undefined {
  const date = step.date;
  switch (step.kind) {
    case 'COVER_EXPIRY':
      return { type: 'ExpireCover', data: { date, today } };
    case 'OVERDUE':
      return { type: 'MarkOverdue', data: { date, today } };
    case 'REMINDER':
      return { type: 'SendReminder', data: { reminderNumber: step.reminderNumber ?? 1, date, today } };
    case 'COVER_VOIDING':
      return { type: 'VoidCoverForMissingDeclaration', data: { date, today } };
    case 'COLLECTION_HANDOVER':
      return { type: 'HandOverToCollection', data: { handedOverAt: date, agency: 'automatic hand-over', automatic: true, today } };
    case 'WAITING_PERIOD_END':
      return { type: 'EndWaitingPeriod', data: { date, today } };
    case 'DECLARATION_DEADLINE':
      return undefined; // a date, not an act: the cover is voided the day after if still undeclared
  }
}

/**
 * DOMAIN.md step 5 on its own: OVERDUE the day after the due date, reminders, voiding of an
 * undeclared overdue, the automatic hand-over, the end of the waiting period, the lapse of an
 * unused cover. A tick asks the timers view what is due by the clock's today and sends each
 * receivable's due steps in date order. Every command is idempotent (the receivable records a
 * step once), so a tick that runs twice, a restart between two timers, or a rebuild of the
 * timers view fires nothing twice. The API process ticks every minute on the system clock;
 * on the manual clock, moving it through the admin route ticks before the route answers.
 */
@Injectable()
export class DunningScheduler implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DunningScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<TickReport>;

  constructor(
    private readonly workflow: ReceivableWorkflow,
    private readonly readSide: ReadSide,
    @Inject(PROJECTOR) private readonly projector: Projector,
    @Inject(READ_STORE) private readonly views: ReadStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly clockListeners: ClockListeners,
    @Optional() @Inject(BACKGROUND) private readonly background?: Background,
  ) {}

  onModuleInit(): void {
    this.projector.register(receivableTimersProjection);
    this.clockListeners.onClockMoved(async () => void (await this.tick()));
  }

  onApplicationBootstrap(): void {
    // A worker ticks under a lease instead; an API beside workers leaves it to them.
    if (this.clock.mode !== 'system' || this.background?.startsOnBootstrap === false) return;
    this.timer = setInterval(() => void this.tick().catch((error: unknown) => this.logger.error(error)), SYSTEM_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Runs every timer due by the clock's today; concurrent callers share one tick. */
  tick(onProgress?: TickProgress): Promise<TickReport> {
    this.running ??= this.runTick(onProgress).finally(() => (this.running = undefined));
    return this.running;
  }

  private async runTick(onProgress?: TickProgress): Promise<TickReport> {
    const today = this.clock.today();
    if (!(await this.timersCurrent())) return { today, receivables: 0, fired: 0 }; // an empty log has no timers
    const due = await this.dueReceivables(today);
    let fired = 0;
    let done = 0;
    const queue = [...due];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const firedNow = await this.fire(id, today); // not `fired += await …`: that reads `fired` before the await
        fired += firedNow;
        onProgress?.(++done, due.length, fired);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, due.length) }, worker));
    if (fired > 0) await this.timersCurrent();
    return { today, receivables: due.length, fired };
  }

  /** The timers view must hold every event stored so far, or a due timer could be missed. False: the log is empty. */
  private async timersCurrent(): Promise<boolean> {
    const head = await this.events.headPosition();
    if (head) await this.readSide.reached([receivableTimersProjection.name], head);
    return head !== undefined;
  }

  private async dueReceivables(today: CalendarDate): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.views.find<ReceivableTimersDoc>(RECEIVABLE_TIMERS_VIEW, { where: { nextDue: { lte: today } }, sort: { field: 'nextDue' }, limit: 500, cursor });
      ids.push(...page.items.map((doc) => doc.id));
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  }

  /** Sends one receivable's due steps in date order, each dated on its own day; stops at the first that records nothing. */
  private async fire(receivableId: string, today: CalendarDate): Promise<number> {
    for (let fired = 0; ; fired++) {
      const { state } = await this.workflow.load(receivableId);
      const step = dunningSchedule(state).find((s) => s.pending && s.date <= today && commandFor(s, today));
      const command = step && commandFor(step, today);
      if (!step || !command) return fired;
      const metadata = {
        actor: { sub: 'dunning-scheduler', role: 'system' },
        correlationId: `tick-${today}`,
        commandId: deterministicUuid('trade-credit/timer', `${receivableId}/${step.kind}/${step.reminderNumber ?? ''}`),
      };
      const outcome = await this.workflow.run(receivableId, () => command, metadata, step.date);
      if (outcome.events.length === 0) return fired;
    }
  }
}
