import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** Base of every command DTO: API.md lets each command carry a comment for auditors. */
export class CommandBody {
  @ApiPropertyOptional({ maxLength: 500, description: "Free text recorded in the events' metadata for auditors" })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  comment?: string;
}
