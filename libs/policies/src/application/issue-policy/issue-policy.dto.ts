import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsPositive, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { CommandBody, IsCalendarDate, IsIsoCountry, IsIsoCurrency, IsMinorUnits } from '@tc/platform';
import { POLICY_PRODUCTS, PolicyProduct } from '../../domain';

export class PolicyholderDto {
  @ApiProperty({ example: 'Acme Export GmbH' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'DE-HRB-123456' })
  @IsString()
  @Length(1, 64)
  legalId!: string;

  @ApiProperty({ example: 'DE' })
  @IsIsoCountry()
  country!: string;
}

/** Terms left out take their DOMAIN.md defaults; the domain checks each range too (INVALID_TERM). */
export class IssuePolicyDto extends CommandBody {
  @ApiProperty({ type: PolicyholderDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PolicyholderDto)
  policyholder!: PolicyholderDto;

  @ApiProperty({ enum: POLICY_PRODUCTS })
  @IsIn(POLICY_PRODUCTS)
  product!: PolicyProduct;

  @ApiProperty({ example: 'EUR' })
  @IsIsoCurrency()
  currency!: string;

  @ApiProperty({ example: '2026-01-01' })
  @IsCalendarDate()
  effectiveFrom!: string;

  @ApiProperty({ description: 'minor units of the policy currency', example: 1200000 })
  @IsInt()
  @IsPositive()
  annualPremium!: number;

  @ApiPropertyOptional({ description: 'fraction, 0.001–0.01; default: the quote’s rate, else annual premium ÷ estimated turnover', example: 0.0035 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 8 })
  @Min(0.001)
  @Max(0.01)
  premiumRate?: number;

  @ApiPropertyOptional({ description: 'a recorded quote (POST /v1/pricing/quotes) whose rate becomes the premium rate' })
  @IsOptional()
  @IsUUID()
  quoteId?: string;

  @ApiPropertyOptional({ description: 'minor units of the policy currency' })
  @IsOptional()
  @IsMinorUnits()
  estimatedTurnover?: number;

  @ApiPropertyOptional({ minimum: 50, maximum: 95, default: 90 }) @IsOptional() @IsInt() @Min(50) @Max(95) insuredPercentage?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 360, default: 120 }) @IsOptional() @IsInt() @Min(1) @Max(360) maxCreditTermDays?: number;
  @ApiPropertyOptional({ default: 2000000, description: 'minor units' }) @IsOptional() @IsMinorUnits() discretionaryLimit?: number;
  @ApiPropertyOptional({ type: [Number], default: [7, 21] }) @IsOptional() @IsArray() @ArrayMaxSize(5) @IsInt({ each: true }) @Min(1, { each: true }) reminderDays?: number[];
  @ApiPropertyOptional({ minimum: 1, maximum: 180, default: 60 }) @IsOptional() @IsInt() @Min(1) @Max(180) overdueDeclarationDays?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 180, default: 30 }) @IsOptional() @IsInt() @Min(1) @Max(180) collectionHandoverDays?: number;
  @ApiPropertyOptional({ minimum: 30, maximum: 720, default: 150 }) @IsOptional() @IsInt() @Min(30) @Max(720) waitingPeriodDays?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 180, default: 30 }) @IsOptional() @IsInt() @Min(0) @Max(180) limitReductionNoticeDays?: number;
  @ApiPropertyOptional({ default: 0, description: 'per claim, minor units' }) @IsOptional() @IsMinorUnits() deductible?: number;
  @ApiPropertyOptional({ default: 0, description: 'minor units' }) @IsOptional() @IsMinorUnits() claimThreshold?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 30 }) @IsOptional() @IsInt() @Min(1) @Max(100) maxLiabilityMultiple?: number;

  @ApiPropertyOptional({ description: 'the GROUP_MASTER policy this is a local sub-policy of' })
  @IsOptional()
  @IsUUID()
  parentPolicyId?: string;
}
