import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CommandBody, IsInstantOrDate, IsMinorUnits } from '@tc/platform';

export class FileClaimDto extends CommandBody {
  @ApiProperty({ enum: ['INSOLVENCY', 'PROTRACTED_DEFAULT', 'POLITICAL'] })
  @IsIn(['INSOLVENCY', 'PROTRACTED_DEFAULT', 'POLITICAL'])
  reason!: 'INSOLVENCY' | 'PROTRACTED_DEFAULT' | 'POLITICAL';

  @ApiProperty({ example: '2026-06-05' }) @IsInstantOrDate() filedAt!: string;

  @ApiPropertyOptional({ description: 'pre-shipment option, insolvency before shipment: costs incurred, policy currency minor units' })
  @IsOptional()
  @IsMinorUnits()
  preShipmentCosts?: number;
}
