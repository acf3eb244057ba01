import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CommandBody, IsCalendarDate, IsInstantOrDate, IsMinorUnits } from '@tc/platform';

export class DecideCoverDto extends CommandBody {
  @ApiProperty({ enum: ['GRANTED', 'PARTIAL', 'REFUSED'] })
  @IsIn(['GRANTED', 'PARTIAL', 'REFUSED'])
  decision!: 'GRANTED' | 'PARTIAL' | 'REFUSED';

  @ApiPropertyOptional({ description: 'PARTIAL: the cover granted, policy currency minor units' })
  @IsOptional()
  @IsMinorUnits()
  amount?: number;

  @ApiPropertyOptional({ description: 'inclusive; default the due date' })
  @IsOptional()
  @IsCalendarDate()
  validUntil?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  conditions?: string[];

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) reason?: string;

  @ApiPropertyOptional({ description: 'default now' })
  @IsOptional()
  @IsInstantOrDate()
  decidedAt?: string;
}
