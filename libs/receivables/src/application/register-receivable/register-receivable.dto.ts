import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNumber, IsOptional, IsPositive, IsString, IsUUID, Length } from 'class-validator';
import { CommandBody, IsCalendarDate, IsInstantOrDate, IsIsoCurrency, IsMinorUnits } from '@tc/platform';

export class RegisterReceivableDto extends CommandBody {
  @ApiProperty() @IsUUID() policyId!: string;
  @ApiProperty() @IsUUID() debtorId!: string;

  @ApiProperty({ example: 'INV-2026-0042', description: 'unique per policy' })
  @IsString()
  @Length(1, 64)
  invoiceNumber!: string;

  @ApiProperty({ example: '2026-01-15' }) @IsCalendarDate() invoiceDate!: string;
  @ApiProperty({ example: '2026-03-16' }) @IsCalendarDate() dueDate!: string;

  @ApiProperty({ example: 6000000, description: 'minor units of the receivable currency' })
  @IsInt()
  @IsPositive()
  amount!: number;

  @ApiProperty({ example: 'EUR' }) @IsIsoCurrency() currency!: string;

  @ApiPropertyOptional({ example: 0.92, description: 'policy-currency units per unit of the receivable currency; required exactly when the currencies differ' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 6 })
  @IsPositive()
  fxRate?: number;

  @ApiPropertyOptional({ description: 'policy currency, minor units; default the whole amount converted' })
  @IsOptional()
  @IsMinorUnits()
  requestedCover?: number;

  @ApiPropertyOptional({ description: 'default: the invoice date' })
  @IsOptional()
  @IsInstantOrDate()
  requestedAt?: string;
}
