import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { CommandBody, Ctx, IsInstantOrDate, RequestContext, Roles } from '@tc/platform';
import { ReceivableStepCommand } from '../receivable-step';

export class PayIndemnityDto extends CommandBody {
  @ApiProperty({ example: '2026-07-15' }) @IsInstantOrDate() paidAt!: string;
}

@ApiTags('receivables')
@Controller('v1/receivables/:id/indemnity-payment')
export class PayIndemnityController {
  constructor(private readonly commands: CommandBus) {}

  /** Filing to payment is measured against the 60-day target. */
  @Post()
  @HttpCode(200)
  @Roles('claims')
  pay(@Param('id') id: string, @Body() { comment, paidAt }: PayIndemnityDto, @Ctx() context: RequestContext) {
    return this.commands.execute(new ReceivableStepCommand(id, (today) => ({ type: 'PayIndemnity', data: { paidAt, today } }), paidAt, context, comment));
  }
}
