import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsIn, IsNumber, IsOptional, IsPositive, Max, Min } from 'class-validator';
import { SECTORS, Sector } from '@tc/kernel';
import { CommandBody, IsIsoCurrency, IsMinorUnits } from '@tc/platform';
import { POLICY_OPTIONS, PolicyOption } from '../../domain/pricing';

export class PriceQuoteDto extends CommandBody {
  @ApiProperty({ enum: SECTORS })
  @IsIn(SECTORS)
  sector!: Sector;

  @ApiProperty({ description: 'insurable turnover excl. VAT, minor units of currency', example: 750000000 })
  @IsMinorUnits()
  insurableTurnover!: number;

  @ApiProperty({ example: 'EUR' })
  @IsIsoCurrency()
  currency!: string;

  @ApiProperty({ description: '5-year loss ratio (indemnities ÷ premiums) as a fraction', example: 0.25 })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 6 })
  @Min(0)
  @Max(100)
  lossRatio5y!: number;

  @ApiProperty({ description: 'deductible per claim, minor units of currency', example: 100000 })
  @IsMinorUnits()
  deductible!: number;

  @ApiProperty({ enum: POLICY_OPTIONS, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(POLICY_OPTIONS, { each: true })
  options!: PolicyOption[];

  @ApiPropertyOptional({ description: 'EUR per unit of currency (the tables are in EUR); required unless currency is EUR', example: 0.92 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 6 })
  @IsPositive()
  fxRateToEur?: number;
}
