import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CommandBody, IsInstantOrDate } from '@tc/platform';

export class DecideClaimDto extends CommandBody {
  @ApiProperty({ enum: ['APPROVED', 'REJECTED'] })
  @IsIn(['APPROVED', 'REJECTED'])
  decision!: 'APPROVED' | 'REJECTED';

  @ApiProperty({ example: '2026-06-20' }) @IsInstantOrDate() decidedAt!: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) reason?: string;
}
