import { Inject, Injectable } from '@nestjs/common';
import { Position } from '@tc/eventstore';
import { PROJECTOR, Projector } from '../projector';

/** API.md read-your-writes: `after=<position>` waits at most this long for the views. */
const AFTER_TIMEOUT_MS = 5_000;

@Injectable()
export class ReadSide {
  constructor(@Inject(PROJECTOR) private readonly projector: Projector) {}

  /**
   * With `after`, waits (up to 5 s) until the named projections passed it; answers the
   * position the views have reached either way, for the `X-View-Position` header.
   */
  async reached(projections: readonly string[], after?: Position): Promise<Position | undefined> {
    const result = after
      ? await this.projector.waitFor(after, { timeoutMs: AFTER_TIMEOUT_MS, projections })
      : await this.projector.waitFor('0', { timeoutMs: 0, projections });
    return result.position;
  }

  /** For processes: true once the named projections have passed `position` (waits up to 5 s). */
  async caughtUp(projections: readonly string[], position: Position): Promise<boolean> {
    return (await this.projector.waitFor(position, { timeoutMs: AFTER_TIMEOUT_MS, projections })).reached;
  }
}
