import { INestApplicationContext } from '@nestjs/common';
import { AnchoringService } from '@tc/audit';
import { EVENT_STORE, EventStore } from '@tc/eventstore';
import { CLOCK, Clock } from '@tc/kernel';
import { Logger } from '@tc/platform';
import { FollowerProjector, LeasedWork, PROCESS_RUNNER, PROJECTOR, ProcessRunner, ProjectorLogger, intervalWork, processWork, projectionWork } from '@tc/projector';
import { READ_STORE, ReadStore } from '@tc/readstore';
import { DunningScheduler, ExposureReconciler } from '@tc/receivables';

/** As the API ticks on the system clock. */
const DUNNING_EVERY_MS = 60_000;
const RECONCILE_EVERY_MS = 30_000;

export const projectorLogger = (logger: Logger): ProjectorLogger => ({ log: (level, message, context) => logger[level](context ?? {}, message) });

/**
 * Every piece of background work the contexts registered, each under a lease of its own: one
 * per projection, one per process manager, and the three timers (dunning, exposure
 * reconciliation, audit anchoring).
 */
export function backgroundWorks(app: INestApplicationContext, logger: Logger): LeasedWork[] {
  const projector = app.get<FollowerProjector>(PROJECTOR);
  if (!(projector instanceof FollowerProjector)) throw new Error('the worker needs the stores composed with runBackground: false');
  const processes = app.get<ProcessRunner>(PROCESS_RUNNER);
  const eventStore = app.get<EventStore>(EVENT_STORE);
  const readStore = app.get<ReadStore>(READ_STORE);
  const clock = app.get<Clock>(CLOCK);
  const scheduler = app.get(DunningScheduler, { strict: false });
  const reconciler = app.get(ExposureReconciler, { strict: false });
  const anchoring = app.get(AnchoringService, { strict: false });
  const failed = (job: string) => (error: unknown) => logger.error({ job, err: error }, `${job} failed; it runs again at its next turn`);

  return [
    ...projector.projections.map((projection) =>
      projectionWork(projection, { eventStore, readStore, clock: () => clock.now().getTime(), logger: projectorLogger(logger.child({ component: 'projector', projection: projection.name })) }),
    ),
    ...processes.registered.map((process) => processWork(process, { eventStore, readStore, logger: projectorLogger(logger.child({ component: 'processes', process: process.name })) })),
    intervalWork('job/dunning-scheduler', DUNNING_EVERY_MS, () => scheduler.tick(), failed('dunning-scheduler')),
    intervalWork('job/exposure-reconciler', RECONCILE_EVERY_MS, () => reconciler.runOnce(), failed('exposure-reconciler')),
    { name: 'job/audit-anchoring', start: () => anchoring.keeper.start(), stop: () => anchoring.keeper.stop() },
  ];
}
