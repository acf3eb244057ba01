import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

/**
 * Loaded with `node -r` into the API process by `npm run bench -- http --cpu-prof`: profiles
 * only the measured window, between a `start` and a `stop` message over the IPC channel the
 * bench opened (a signal would not do: Nest's shutdown hooks listen to SIGUSR2).
 */
const file = process.env.BENCH_CPU_PROFILE;
if (file && process.send) {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));
  process.on('message', (message: { profile?: 'start' | 'stop' }) => {
    if (message?.profile === 'start') {
      void post('Profiler.enable')
        .then(() => post('Profiler.setSamplingInterval', { interval: 500 }))
        .then(() => post('Profiler.start'))
        .then(() => process.send?.({ profile: 'started' }));
    } else if (message?.profile === 'stop') {
      void post('Profiler.stop').then((result) => {
        writeFileSync(file, JSON.stringify((result as { profile: unknown }).profile));
        process.send?.({ profile: 'written', file });
      });
    }
  });
  // The channel must not keep the API alive once Nest has closed it.
  (process as unknown as { channel?: { unref(): void } }).channel?.unref();
}
