import { ApiProperty } from '@nestjs/swagger';
import { CommandBody, IsInstantOrDate } from '@tc/platform';

export class RecordShipmentDto extends CommandBody {
  @ApiProperty({ example: '2026-01-20' })
  @IsInstantOrDate()
  shippedAt!: string;
}
