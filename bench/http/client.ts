import { Agent, request as httpRequest } from 'node:http';

export interface Reply {
  /** 0 when the request failed below HTTP (connection refused, reset). */
  readonly status: number;
  readonly body: unknown;
  readonly replayed: boolean;
  readonly error?: string;
}

/** A minimal JSON client on node:http over a keep-alive agent of `connections` sockets. */
export class HttpClient {
  private readonly agent: Agent;

  constructor(
    private readonly host: string,
    private readonly port: number,
    connections: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  }

  send(method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    return new Promise((resolve) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = httpRequest(
        {
          host: this.host,
          port: this.port,
          method,
          path,
          agent: this.agent,
          headers: payload === undefined ? headers : { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            if (text.length > 0 && /json/.test(String(res.headers['content-type']))) {
              try {
                parsed = JSON.parse(text);
              } catch {
                parsed = text;
              }
            }
            resolve({ status: res.statusCode ?? 0, body: parsed, replayed: res.headers['idempotent-replayed'] === 'true' });
          });
          res.on('error', (error) => resolve({ status: 0, body: undefined, replayed: false, error: error.message }));
        },
      );
      req.on('error', (error) => resolve({ status: 0, body: undefined, replayed: false, error: error.message }));
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Runs `tasks` with at most `concurrency` in flight; rejects on the first failure. */
export async function inParallel<T>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await task(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
