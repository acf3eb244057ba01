import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

/**
 * `<aggregate>-<id>`: a lower-case aggregate name, then letters, digits and hyphens (ids are
 * UUIDs, a credit limit's two of them, a debtor key's country and legal id). Anything else is
 * refused before it reaches a store, a log line or a problem detail.
 */
export const STREAM_NAME = /^[a-z][a-z0-9]{0,39}-[A-Za-z0-9][A-Za-z0-9-]{0,199}$/;

export class StreamParam {
  @ApiProperty({ example: 'receivable-0b0e7a8e-8d0c-4c3a-9f1e-2f8f3c1d5a77', pattern: STREAM_NAME.source })
  @Matches(STREAM_NAME, { message: 'stream must be a stream name <aggregate>-<id> (a lower-case aggregate, then letters, digits and hyphens)' })
  stream!: string;
}
