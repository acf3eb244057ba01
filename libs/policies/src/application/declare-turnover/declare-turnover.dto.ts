import { ApiProperty } from '@nestjs/swagger';
import { CommandBody, IsCalendarDate, IsMinorUnits } from '@tc/platform';

export class DeclareTurnoverDto extends CommandBody {
  @ApiProperty({ example: '2026-01-01', description: 'the first day of the month declared' })
  @IsCalendarDate()
  period!: string;

  @ApiProperty({ example: 62500000, description: 'insured turnover of the period, minor units of the policy currency; 0 is a nil declaration' })
  @IsMinorUnits()
  insuredTurnover!: number;
}
