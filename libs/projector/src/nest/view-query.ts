import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** Every list and dashboard query accepts `after` (a position from a command response). */
export class AfterQuery {
  @ApiPropertyOptional({ description: 'a position from a command response: wait (≤ 5 s) until the views have processed it' })
  @IsOptional()
  @Matches(/^[0-9][0-9:/-]{0,60}$/, { message: 'after must be a position returned by a command' })
  after?: string;
}
