import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsPositive } from 'class-validator';
import { CommandBody, IsCalendarDate } from '@tc/platform';

export class TopUpCreditLimitDto extends CommandBody {
  @ApiProperty({ example: 1000000, description: 'extra limit, minor units of the policy currency' })
  @IsInt()
  @IsPositive()
  amount!: number;

  @ApiPropertyOptional({ description: 'default today' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiProperty({ example: '2026-03-31', description: 'inclusive' })
  @IsCalendarDate()
  until!: string;
}
