import { Position } from '@tc/eventstore';

/** The fields API.md requires in every command response; contexts add their own. */
export interface CommandResponseBody {
  readonly id: string;
  readonly status: string;
  readonly revision: number;
  readonly position: Position | null;
  readonly [field: string]: unknown;
}

/** Strong ETag of a stream revision, as clients send it back in If-Match. */
export const etagOf = (revision: number): string => `"${revision}"`;
