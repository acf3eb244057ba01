import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { CalendarDate, deterministicUuid } from '@tc/kernel';
import { StoredEvent } from '@tc/eventstore';
import { PROCESS_RUNNER, ProcessManager, ProcessRunner, ReadSide } from '@tc/projector';
import { READ_STORE, ReadStore } from '@tc/readstore';
import { AlertKind, AlertSeverity } from '../domain';
import { ReceivableWorkflow } from '../application/receivable-workflow';
import { RECEIVABLE_TIMERS_VIEW, ReceivableTimersDoc, receivableTimersProjection } from '../projections/receivable-timers.projection';

interface DebtorAlert {
  readonly kind: AlertKind;
  readonly severity: AlertSeverity;
  readonly date: CalendarDate;
  readonly grade?: number;
  readonly previousGrade?: number;
  readonly insolvencyDate?: CalendarDate;
}

/** DOMAIN.md step 4: a rise is informational, a fall a warning, an insolvency critical; a first rating changes nothing. */
export function alertOf(event: StoredEvent): DebtorAlert | undefined {
  if (event.type === 'DebtorInsolvencyDeclared') {
    const { insolvencyDate } = event.data as { insolvencyDate: CalendarDate };
    return { kind: 'INSOLVENCY', severity: 'critical', date: insolvencyDate, insolvencyDate };
  }
  const { grade, previousGrade, ratedOn } = event.data as { grade: number; previousGrade: number | null; ratedOn: CalendarDate };
  if (previousGrade === null || previousGrade === grade) return undefined;
  const fell = grade < previousGrade;
  return { kind: fell ? 'RATING_DOWNGRADE' : 'RATING_UPGRADE', severity: fell ? 'warning' : 'info', date: ratedOn, grade, previousGrade };
}

/** Receivables alerted in parallel: the appends serialise on the store, the loads overlap. */
const CONCURRENCY = 8;

/**
 * Monitoring: every rating change and every insolvency of a debtor raises an alert on each of
 * its open receivables (not SETTLED or CLOSED), across policies. The alert id is the debtor
 * event's id, so a replayed event records nothing twice.
 */
@Injectable()
export class DebtorMonitoringProcess implements ProcessManager, OnModuleInit {
  readonly name = 'debtor-monitoring';
  readonly eventTypes = ['DebtorRated', 'DebtorInsolvencyDeclared'];

  constructor(
    @Inject(PROCESS_RUNNER) private readonly runner: ProcessRunner,
    @Inject(READ_STORE) private readonly views: ReadStore,
    private readonly readSide: ReadSide,
    private readonly workflow: ReceivableWorkflow,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  async handle(event: StoredEvent): Promise<void> {
    const alert = alertOf(event);
    if (!alert) return;
    // Every receivable registered before this event must be visible, or one would miss its alert.
    if (!(await this.readSide.caughtUp([receivableTimersProjection.name], event.position))) {
      throw new Error(`the receivables index has not reached ${event.position} yet`); // retried from the checkpoint
    }
    const queue = await this.openReceivables((event.data as { debtorId: string }).debtorId);
    const metadata = (receivableId: string) => ({
      actor: { sub: 'debtor-monitoring', role: 'system' },
      correlationId: event.metadata.correlationId,
      commandId: deterministicUuid('trade-credit/alert', `${event.metadata.eventId}/${receivableId}`),
    });
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const receivableId = id;
        await this.workflow.run(receivableId, () => ({ type: 'RecordAlert', data: { alertId: event.metadata.eventId, ...alert } }), metadata(receivableId), alert.date);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  }

  private async openReceivables(debtorId: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.views.find<ReceivableTimersDoc>(RECEIVABLE_TIMERS_VIEW, { where: { debtorId, open: true }, limit: 500, cursor });
      ids.push(...page.items.map((doc) => doc.id));
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  }
}
