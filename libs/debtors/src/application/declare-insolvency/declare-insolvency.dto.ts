import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { CommandBody, IsInstantOrDate } from '@tc/platform';

export class DeclareInsolvencyDto extends CommandBody {
  @ApiProperty({ example: '2026-06-01', description: 'ISO 8601 instant or date: the insolvency date; not after today' })
  @IsInstantOrDate()
  declaredAt!: string;

  @ApiProperty({ example: 'liquidation', description: 'the insolvency proceeding (e.g. liquidation, receivership, safeguard)' })
  @IsString()
  @Length(1, 200)
  proceeding!: string;
}
