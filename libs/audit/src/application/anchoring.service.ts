import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { CLOCK, Clock } from '@tc/kernel';
import { EVENT_STORE, EventStore } from '@tc/eventstore';
import { LOGGER, Logger } from '@tc/platform';
import { BACKGROUND, Background } from '@tc/projector';
import { AnchorKeeper } from '../anchors/anchor-keeper';
import { AnchorSigner } from '../anchors/anchor-signer';
import { ANCHOR_STORE, AnchorStore } from '../anchors/anchor-store.port';

/**
 * Runs the anchor keeper with the API (embedded mode runs its processes in-process). Each
 * seal is also logged, so that a copy of its digest leaves the machine with the logs: the
 * one defence against an anchors file rolled back as a whole.
 */
@Injectable()
export class AnchoringService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly keeper: AnchorKeeper;

  constructor(
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(ANCHOR_STORE) anchors: AnchorStore,
    signer: AnchorSigner,
    @Inject(CLOCK) clock: Clock,
    @Inject(LOGGER) logger: Logger,
    @Optional() @Inject(BACKGROUND) private readonly background?: Background,
  ) {
    this.keeper = new AnchorKeeper({
      events,
      anchors,
      signer,
      now: () => clock.now(),
      onSeal: (seal) => logger.info({ seal }, 'stream heads sealed'),
      onError: (error) => logger.error({ err: error }, 'anchor keeper failed; it starts again from its checkpoint'),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.background?.startsOnBootstrap === false) return; // a worker runs it under a lease
    await this.keeper.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.keeper.stop();
  }
}
