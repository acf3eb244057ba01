import { Query } from '@nestjs/cqrs';
import { EventMetadata } from '@tc/eventstore';

/** A stored event as the auditor sees it: every metadata field present (`comment` null when none was given). */
export interface AuditedEvent {
  readonly stream: string;
  readonly revision: number;
  readonly position: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata: Omit<EventMetadata, 'comment'> & { readonly comment: string | null };
}

export interface StreamEventsPage {
  readonly stream: string;
  readonly events: readonly AuditedEvent[];
  /** Where the next page starts; null on the last page. */
  readonly nextRevision: number | null;
}

export class ReadStreamEventsQuery extends Query<StreamEventsPage> {
  constructor(
    readonly stream: string,
    readonly fromRevision: number,
    readonly limit: number,
  ) {
    super();
  }
}
