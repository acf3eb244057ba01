import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsNumber, IsOptional, Max, Min, ValidateBy, buildMessage } from 'class-validator';
import { IsMinorUnits } from '@tc/platform';
import { POLICY_OPTIONS, PolicyOption, SCENARIOS, Scenario } from '../../domain/pricing';
import { PriceQuoteDto } from '../price-quote/price-quote.dto';

/** Choices compared at once are bounded: the grid is priced cell by cell. */
const MAX_CHOICES = 10;

const isOptionSet = (value: unknown): boolean =>
  Array.isArray(value) && value.every((o) => (POLICY_OPTIONS as readonly unknown[]).includes(o)) && new Set(value).size === value.length;

export class SimulateScenariosDto extends PriceQuoteDto {
  @ApiPropertyOptional({ enum: SCENARIOS, isArray: true, description: 'default: all three' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(SCENARIOS, { each: true })
  scenarios?: Scenario[];

  @ApiPropertyOptional({ type: [Number], description: 'deductibles per claim to compare, minor units; default: the request deductible' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CHOICES)
  @IsMinorUnits({ each: true })
  deductibles?: number[];

  @ApiPropertyOptional({ description: 'option sets to compare, e.g. [[], ["POLITICAL_RISK"]]; default: the request options', type: 'array', items: { type: 'array', items: { type: 'string', enum: [...POLICY_OPTIONS] } } })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CHOICES)
  @ValidateBy({ name: 'isOptionSet', validator: { validate: isOptionSet, defaultMessage: buildMessage((each) => `${each}$property must be arrays of distinct options (${POLICY_OPTIONS.join(', ')})`, { each: true }) } }, { each: true })
  optionSets?: PolicyOption[][];

  @ApiPropertyOptional({ minimum: 0, maximum: 10, default: 5, description: 'average debtor grade of the portfolio' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(10)
  averageGrade?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1, default: 0, description: 'share of turnover with export debtors (fraction)' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 6 })
  @Min(0)
  @Max(1)
  exportShare?: number;

  @ApiPropertyOptional({ minimum: 50, maximum: 95, default: 90 })
  @IsOptional()
  @IsInt()
  @Min(50)
  @Max(95)
  insuredPercentage?: number;
}
