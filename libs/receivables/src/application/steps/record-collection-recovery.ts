import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsInt, IsPositive } from 'class-validator';
import { CommandBody, Ctx, IsInstantOrDate, RequestContext, Roles } from '@tc/platform';
import { ReceivableStepCommand } from '../receivable-step';

export class RecordCollectionRecoveryDto extends CommandBody {
  @ApiProperty({ description: 'receivable currency, minor units' }) @IsInt() @IsPositive() amount!: number;
  @ApiProperty({ example: '2026-05-10' }) @IsInstantOrDate() recoveredAt!: string;
}

@ApiTags('receivables')
@Controller('v1/receivables/:id/collection-recoveries')
export class RecordCollectionRecoveryController {
  constructor(private readonly commands: CommandBus) {}

  /** What the collection agency recovers before an indemnity: it reduces the outstanding. */
  @Post()
  @HttpCode(200)
  @Roles('claims')
  recover(@Param('id') id: string, @Body() { comment, ...recovery }: RecordCollectionRecoveryDto, @Ctx() context: RequestContext) {
    return this.commands.execute(new ReceivableStepCommand(id, (today) => ({ type: 'RecordCollectionRecovery', data: { ...recovery, today } }), recovery.recoveredAt, context, comment));
  }
}
