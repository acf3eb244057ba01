import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { CommandBody, Ctx, IsInstantOrDate, RequestContext, Roles } from '@tc/platform';
import { ReceivableStepCommand } from '../receivable-step';

export class OpenDisputeDto extends CommandBody {
  @ApiProperty({ example: '2026-03-20' }) @IsInstantOrDate() openedAt!: string;
  @ApiProperty({ example: 'goods damaged on delivery' }) @IsString() @Length(1, 500) reason!: string;
}

@ApiTags('receivables')
@Controller('v1/receivables/:id/disputes')
export class OpenDisputeController {
  constructor(private readonly commands: CommandBus) {}

  /** A disputed invoice has its cover suspended until the dispute is resolved. */
  @Post()
  @HttpCode(200)
  @Roles('claims', 'integration')
  open(@Param('id') id: string, @Body() { comment, ...dispute }: OpenDisputeDto, @Ctx() context: RequestContext) {
    return this.commands.execute(new ReceivableStepCommand(id, (today) => ({ type: 'OpenDispute', data: { ...dispute, today } }), dispute.openedAt, context, comment));
  }
}
