import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError, isUuid } from '@tc/kernel';
import { EVENT_STORE, EventStore } from '@tc/eventstore';
import { receivableStream } from '@tc/receivables';
import { eventsAt, replayReceivable } from './receivable-replay';
import { ReceivableReplayAnswer, ReplayReceivableQuery } from './replay-receivable.query';

/** Reads the receivable's stream from the log and folds the part of it the point in time selects. */
@QueryHandler(ReplayReceivableQuery)
export class ReplayReceivableHandler implements IQueryHandler<ReplayReceivableQuery, ReceivableReplayAnswer> {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  async execute({ receivableId, at }: ReplayReceivableQuery): Promise<ReceivableReplayAnswer> {
    // Receivable ids are server-assigned UUIDs: anything else names no receivable.
    if (!isUuid(receivableId)) throw new DomainError('NOT_FOUND', `no receivable ${receivableId}`);
    const stream = receivableStream(receivableId);
    const events = await this.events.readStream(stream);
    if (events.length === 0) throw new DomainError('NOT_FOUND', `no receivable ${receivableId}`);
    return { receivableId, stream, pointInTime: at, eventsInStream: events.length, ...replayReceivable(eventsAt(events, at)) };
  }
}
