import { Module } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@tc/eventstore';
import { APP_CONFIG, AppConfig } from '@tc/platform';
import { AnchorSigner } from '../anchors/anchor-signer';
import { ANCHOR_STORE, AnchorStore } from '../anchors/anchor-store.port';
import { HistoryVerifier } from '../verification/history-verifier';
import { AnchoringService } from './anchoring.service';
import { ReadStreamEventsController } from './read-stream-events/read-stream-events.controller';
import { ReadStreamEventsHandler } from './read-stream-events/read-stream-events.handler';
import { ReplayReceivableController } from './replay-receivable/replay-receivable.controller';
import { ReplayReceivableHandler } from './replay-receivable/replay-receivable.handler';
import { VerifyStreamController } from './verify-stream/verify-stream.controller';
import { VerifyStreamHandler } from './verify-stream/verify-stream.handler';

/**
 * The auditor's reads: stored events with their metadata, replays to any past point, and
 * proof that history was not altered. No aggregate of its own; it reads the log and keeps
 * the stream heads anchored outside it (ANCHOR_STORE, chosen by the app).
 */
@Module({
  controllers: [ReadStreamEventsController, ReplayReceivableController, VerifyStreamController],
  providers: [
    { provide: AnchorSigner, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new AnchorSigner(config.jwtSecret) },
    {
      provide: HistoryVerifier,
      inject: [EVENT_STORE, AnchorSigner, ANCHOR_STORE],
      useFactory: (events: EventStore, signer: AnchorSigner, anchors: AnchorStore) => new HistoryVerifier(events, signer, anchors),
    },
    AnchoringService,
    ReadStreamEventsHandler,
    ReplayReceivableHandler,
    VerifyStreamHandler,
  ],
  exports: [AnchoringService],
})
export class AuditModule {}
