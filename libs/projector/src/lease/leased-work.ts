import { ProcessManager, ProcessRunner, ProcessRunnerOptions } from '../process-runner';
import { Projection } from '../projection';
import { Projector, ProjectorOptions } from '../projector';
import { LeasedWork } from './lease-keeper';

/**
 * One projection as leased work: each tenure runs a Projector of its own for it, which resumes
 * from the stored checkpoint (or restarts a build that was cut short) and commits what it
 * applied when stopped.
 */
export function projectionWork(projection: Projection, options: Omit<ProjectorOptions, 'projections'>): LeasedWork & { readonly projector: () => Projector | undefined } {
  let running: Projector | undefined;
  return {
    name: `projection/${projection.name}`,
    projector: () => running,
    async start() {
      running = new Projector({ ...options, projections: [projection] });
      await running.start();
    },
    async stop() {
      const projector = running;
      running = undefined;
      await projector?.stop();
    },
  };
}

/** One process manager as leased work, from its own checkpoint. */
export function processWork(process: ProcessManager, options: ProcessRunnerOptions): LeasedWork {
  let running: ProcessRunner | undefined;
  return {
    name: `process/${process.name}`,
    async start() {
      running = new ProcessRunner(options);
      running.register(process);
      await running.start();
    },
    async stop() {
      const runner = running;
      running = undefined;
      await runner?.stop();
    },
  };
}

/**
 * A periodic job as leased work: it runs at once (catching up what came due while no one held
 * it), then `everyMs` after each run ends; runs never overlap, and stop waits for the one in hand.
 */
export function intervalWork(name: string, everyMs: number, run: () => Promise<unknown>, onError: (error: unknown) => void): LeasedWork {
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  let running = false;
  const once = () => {
    current = run()
      .then(() => undefined, onError)
      .finally(() => {
        current = undefined;
        if (running) timer = setTimeout(once, everyMs);
      });
  };
  return {
    name,
    async start() {
      running = true;
      once();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await current;
      clearTimeout(timer);
    },
  };
}
