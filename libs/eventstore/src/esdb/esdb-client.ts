import type { EventStoreDBClient } from '@eventstore/db-client';
import { EventStoreConfigError } from './esdb-errors';

/** What `close()` needs of a gRPC channel. */
interface Closable {
  close(): void;
}

export interface EsdbConnection {
  readonly client: EventStoreDBClient;
  /** Disposes the client's streams, then closes every gRPC channel it opened (their timers go with them). */
  close(disposeTimeoutMs: number): Promise<void>;
}

/**
 * KurrentDB is EventStoreDB renamed, with the same gRPC protocol; this client (6.x) only parses
 * the old schemes, so `kurrentdb://` is read as `esdb://`.
 */
export function clientConnectionString(url: string): string {
  return url.trim().replace(/^kurrentdb(\+discover)?:\/\//i, (_, discover: string | undefined) => `esdb${discover ?? ''}://`);
}

/**
 * Creates the client (no network yet: it connects on the first call). The client package is
 * loaded here, not at import time, so that the embedded mode never loads gRPC.
 */
export async function openEsdbConnection(url: string): Promise<EsdbConnection> {
  const { EventStoreDBClient } = await import('@eventstore/db-client');
  let client: EventStoreDBClient;
  try {
    client = EventStoreDBClient.connectionString(clientConnectionString(url));
  } catch (error) {
    throw new EventStoreConfigError(describeParseError(error));
  }
  const channels = trackChannels(client);
  return {
    client,
    async close(disposeTimeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      try {
        // dispose() cancels the streams it knows; it may wait on a server that never answers.
        await Promise.race([client.dispose(), new Promise((resolve) => (timer = setTimeout(resolve, disposeTimeoutMs)))]);
      } catch {
        // Closing goes on regardless: the channels below are what keeps the process alive.
      } finally {
        clearTimeout(timer);
        for (const channel of channels) channel.close();
        channels.clear();
      }
    },
  };
}

/**
 * `dispose()` leaves the gRPC channel open, and with it a socket and its timers: a process that
 * used the client does not exit (measured here). The client exposes no way to close it, so the
 * adapter wraps the client's own `getChannel` to remember every channel it creates (including
 * the new one after a reconnection) and closes them itself.
 */
function trackChannels(client: EventStoreDBClient): Set<Closable> {
  const source = client as unknown as { getChannel?: () => Promise<Closable> };
  const open = source.getChannel;
  if (typeof open !== 'function') {
    throw new Error('@eventstore/db-client no longer has getChannel(): the EventStoreDB adapter could not close its gRPC channels (see esdb-client.ts)');
  }
  const channels = new Set<Closable>();
  source.getChannel = async () => {
    const channel = await open();
    channels.add(channel);
    return channel;
  };
  return channels;
}

/** The client's ParseError repeats the whole connection string; only where and what is kept. */
function describeParseError(error: unknown): string {
  const parse = error as { expected?: unknown; location?: unknown };
  if (typeof parse?.expected === 'string' && Array.isArray(parse.location)) {
    return `the EventStoreDB connection string is not valid: expected ${parse.expected} at character ${Number(parse.location[0]) + 1}`;
  }
  return `the EventStoreDB connection string cannot be used: ${error instanceof Error ? error.message : String(error)}`;
}
