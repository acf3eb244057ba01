import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsPositive, IsString, IsUUID, Length } from 'class-validator';
import { CommandBody, IsInstantOrDate, IsIsoCurrency } from '@tc/platform';

export class RecordDebtorPaymentDto extends CommandBody {
  @ApiProperty() @IsUUID() policyId!: string;
  @ApiProperty({ example: 2500000, description: 'minor units of `currency`' }) @IsInt() @IsPositive() amount!: number;
  @ApiProperty({ example: 'EUR', description: 'allocated only to open receivables in this currency' }) @IsIsoCurrency() currency!: string;
  @ApiProperty({ example: '2026-03-10' }) @IsInstantOrDate() receivedAt!: string;
  @ApiProperty({ example: 'bank transfer 2026-03-10/117' }) @IsString() @Length(1, 200) reference!: string;
}
