import { AppendResult, EventStore, ExpectedRevision, NewEvent } from '@tc/eventstore';

/**
 * An event store that "crashes" on demand: once armed, the first append to a matching
 * stream fails, and so does every append after it — as if the process had died at that
 * point. Reads keep working. Faults live here, in the adapter, never in a domain.
 */
export class FaultyEventStore {
  private armed?: (stream: string) => boolean;
  private crashed = false;

  crashOnAppendTo(matches: (stream: string) => boolean): void {
    this.armed = matches;
  }

  wrap(store: EventStore): EventStore {
    return new Proxy(store, {
      get: (target, property, receiver) => {
        if (property !== 'append') return Reflect.get(target, property, receiver);
        return (stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> => {
          if (this.crashed || this.armed?.(stream)) {
            this.crashed = true;
            return Promise.reject(new Error(`injected crash before appending to ${stream}`));
          }
          return target.append(stream, events, expected);
        };
      },
    });
  }
}
