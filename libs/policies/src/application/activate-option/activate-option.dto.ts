import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsPositive } from 'class-validator';
import { CommandBody, IsCalendarDate } from '@tc/platform';
import { POLICY_OPTIONS, PolicyOption } from '../../domain';

export class ActivateOptionDto extends CommandBody {
  @ApiProperty({ enum: POLICY_OPTIONS })
  @IsIn(POLICY_OPTIONS)
  option!: PolicyOption;

  @ApiProperty({ example: '2026-02-01', description: 'not before the policy’s effectiveFrom; may lie in the future' })
  @IsCalendarDate()
  effectiveFrom!: string;

  @ApiPropertyOptional({ description: 'EXCESS_OF_LOSS only: the annual aggregate first loss borne by the insured, minor units' })
  @IsOptional()
  @IsInt()
  @IsPositive()
  aggregateFirstLoss?: number;
}
