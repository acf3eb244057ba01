import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsInt, IsPositive } from 'class-validator';
import { CommandBody, Ctx, IsInstantOrDate, RequestContext, Roles } from '@tc/platform';
import { ReceivableStepCommand } from '../receivable-step';

export class RecordRecoveryDto extends CommandBody {
  @ApiProperty({ description: 'receivable currency, minor units' }) @IsInt() @IsPositive() amount!: number;
  @ApiProperty({ example: '2026-09-01' }) @IsInstantOrDate() recoveredAt!: string;
}

@ApiTags('receivables')
@Controller('v1/receivables/:id/recoveries')
export class RecordRecoveryController {
  constructor(private readonly commands: CommandBus) {}

  /** After an indemnity: shared pro rata between insurer and insured. */
  @Post()
  @HttpCode(200)
  @Roles('claims')
  recover(@Param('id') id: string, @Body() { comment, ...recovery }: RecordRecoveryDto, @Ctx() context: RequestContext) {
    return this.commands.execute(new ReceivableStepCommand(id, (today) => ({ type: 'RecordRecovery', data: { ...recovery, today } }), recovery.recoveredAt, context, comment));
  }
}
