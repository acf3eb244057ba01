import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { CommandBody, Ctx, IsInstantOrDate, RequestContext, Roles } from '@tc/platform';
import { ReceivableStepCommand } from '../receivable-step';

export class CloseReceivableDto extends CommandBody {
  @ApiProperty({ example: '2026-12-01' }) @IsInstantOrDate() closedAt!: string;
  @ApiProperty({ example: 'nothing more expected from the liquidator' }) @IsString() @Length(1, 500) reason!: string;
}

@ApiTags('receivables')
@Controller('v1/receivables/:id/closure')
export class CloseReceivableController {
  constructor(private readonly commands: CommandBus) {}

  /** When nothing more is expected: CLOSED, and its reservation released. */
  @Post()
  @HttpCode(200)
  @Roles('claims')
  close(@Param('id') id: string, @Body() { comment, ...closure }: CloseReceivableDto, @Ctx() context: RequestContext) {
    return this.commands.execute(new ReceivableStepCommand(id, (today) => ({ type: 'CloseReceivable', data: { ...closure, today } }), closure.closedAt, context, comment));
  }
}
