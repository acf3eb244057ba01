import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsInt, IsPositive, IsString, Length } from 'class-validator';
import { CommandBody, Ctx, IsInstantOrDate, RequestContext, Roles } from '@tc/platform';
import { ReceivableStepCommand } from '../receivable-step';

export class RecordPaymentDto extends CommandBody {
  @ApiProperty({ description: 'receivable currency, minor units' }) @IsInt() @IsPositive() amount!: number;
  @ApiProperty({ example: '2026-03-10' }) @IsInstantOrDate() receivedAt!: string;
  @ApiProperty({ example: 'bank transfer 2026-03-10/117' }) @IsString() @Length(1, 200) reference!: string;
}

@ApiTags('receivables')
@Controller('v1/receivables/:id/payments')
export class RecordPaymentController {
  constructor(private readonly commands: CommandBus) {}

  /** At any step before the indemnity; the outstanding drops (SETTLED at zero) and so does the reservation. */
  @Post()
  @HttpCode(200)
  @Roles('underwriter', 'claims', 'integration')
  pay(@Param('id') id: string, @Body() { comment, ...payment }: RecordPaymentDto, @Ctx() context: RequestContext) {
    const paymentId = randomUUID();
    return this.commands.execute(new ReceivableStepCommand(id, (today) => ({ type: 'RecordPayment', data: { ...payment, paymentId, today } }), payment.receivedAt, context, comment));
  }
}
