import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@tc/kernel';
import { EVENT_STORE, EventStore, StoredEvent } from '@tc/eventstore';
import { AuditedEvent, ReadStreamEventsQuery, StreamEventsPage } from './read-stream-events.query';

/** One page of a stream straight from the event store: the log itself, not a projection of it. */
@QueryHandler(ReadStreamEventsQuery)
export class ReadStreamEventsHandler implements IQueryHandler<ReadStreamEventsQuery, StreamEventsPage> {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  async execute({ stream, fromRevision, limit }: ReadStreamEventsQuery): Promise<StreamEventsPage> {
    // One more than asked tells whether another page follows.
    const page = await this.events.readStream(stream, { fromRevision, toRevision: fromRevision + limit });
    if (page.length === 0 && (fromRevision === 0 || (await this.events.readStream(stream, { toRevision: 0 })).length === 0)) {
      throw new DomainError('NOT_FOUND', `no stream ${stream}`);
    }
    return {
      stream,
      events: page.slice(0, limit).map(audited),
      nextRevision: page.length > limit ? page[limit].revision : null,
    };
  }
}

function audited(event: StoredEvent): AuditedEvent {
  const m = event.metadata;
  return {
    stream: event.stream,
    revision: event.revision,
    position: event.position,
    type: event.type,
    data: event.data,
    metadata: {
      eventId: m.eventId,
      actor: m.actor,
      correlationId: m.correlationId,
      causationId: m.causationId,
      comment: m.comment ?? null,
      recordedAt: m.recordedAt,
      effectiveDate: m.effectiveDate,
      schemaVersion: m.schemaVersion,
      hash: m.hash,
    },
  };
}
