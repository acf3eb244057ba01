import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { CommandBody, IsInstantOrDate } from '@tc/platform';

export class RecordRatingDto extends CommandBody {
  @ApiProperty({ minimum: 0, maximum: 10, description: '0 = in default … 10 = best' })
  @IsInt()
  @Min(0)
  @Max(10)
  grade!: number;

  @ApiProperty({ example: '2026-02-01', description: 'ISO 8601 instant or date; not after today' })
  @IsInstantOrDate()
  ratedAt!: string;

  @ApiProperty({ example: 'internal-scoring' })
  @IsString()
  @Length(1, 100)
  source!: string;
}
