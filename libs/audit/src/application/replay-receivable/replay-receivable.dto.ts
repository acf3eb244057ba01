import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsCalendarDate, IsInstantOrDate, validationFailed } from '@tc/platform';
import { PointInTime } from './receivable-replay';

export class ReplayQueryParams {
  @ApiPropertyOptional({ example: '2026-03-10', description: 'business date: the facts dated up to that day, whenever they were recorded' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  @ApiPropertyOptional({ example: '2026-03-10T09:00:00Z', description: 'instant: what had been recorded by then' })
  @IsOptional()
  @IsInstantOrDate()
  knownAt?: string;

  @ApiPropertyOptional({ minimum: 0, description: 'the stream up to this revision' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  revision?: number;
}

/** Exactly one of the three: a replay "as of" two points at once would answer neither. */
export function pointInTimeOf({ asOf, knownAt, revision }: ReplayQueryParams): PointInTime {
  const given = [asOf !== undefined, knownAt !== undefined, revision !== undefined].filter(Boolean).length;
  if (given !== 1) {
    const message = given === 0 ? 'one of asOf, knownAt or revision is required' : 'give only one of asOf, knownAt or revision';
    throw validationFailed(['asOf', 'knownAt', 'revision'].map((field) => ({ field, message })));
  }
  if (asOf !== undefined) return { asOf };
  if (knownAt !== undefined) return { knownAt };
  return { revision: revision! };
}
