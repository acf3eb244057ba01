import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';
import { CommandBody, IsCalendarDate, IsInstantOrDate, IsMinorUnits } from '@tc/platform';

export class SetCreditLimitDto extends CommandBody {
  @ApiProperty({ example: 8000000, description: 'named limit, minor units of the policy currency (0 is a named limit too: it replaces the discretionary one)' })
  @IsMinorUnits()
  amount!: number;

  @ApiProperty({ example: '2026-01-01' })
  @IsCalendarDate()
  effectiveFrom!: string;

  @ApiProperty({ example: '2027-12-31', description: 'inclusive' })
  @IsCalendarDate()
  validUntil!: string;

  @ApiProperty({ type: [String], example: ['payment terms ≤ 90 days'] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  conditions!: string[];

  @ApiPropertyOptional({ description: 'when the underwriter decided (instant or date); default now' })
  @IsOptional()
  @IsInstantOrDate()
  decidedAt?: string;
}
