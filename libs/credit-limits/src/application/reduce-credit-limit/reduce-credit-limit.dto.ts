import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { CommandBody, IsCalendarDate, IsInstantOrDate, IsMinorUnits } from '@tc/platform';

export class ReduceCreditLimitDto extends CommandBody {
  @ApiProperty({ example: 4000000, description: 'the new named amount, minor units; 0 = withdrawal' })
  @IsMinorUnits()
  amount!: number;

  @ApiProperty({ example: '2026-03-01', description: 'when the insured was notified (instant or date)' })
  @IsInstantOrDate()
  noticeDate!: string;

  @ApiPropertyOptional({ description: 'default notice + the policy’s limitReductionNoticeDays; only a later date may be given' })
  @IsOptional()
  @IsCalendarDate()
  effectiveDate?: string;
}
