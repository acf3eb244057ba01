import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { CommandBody, Ctx, IsInstantOrDate, RequestContext, Roles } from '@tc/platform';
import { ReceivableStepCommand } from '../receivable-step';

export class DeclareOverdueDto extends CommandBody {
  @ApiProperty({ example: '2026-04-01' }) @IsInstantOrDate() declaredAt!: string;
}

@ApiTags('receivables')
@Controller('v1/receivables/:id/overdue-declaration')
export class DeclareOverdueController {
  constructor(private readonly commands: CommandBus) {}

  /** Due by due + overdueDeclarationDays; a later declaration is recorded and voids the cover (`coverVoided: true`). */
  @Post()
  @HttpCode(200)
  @Roles('claims', 'integration')
  declare(@Param('id') id: string, @Body() { comment, declaredAt }: DeclareOverdueDto, @Ctx() context: RequestContext) {
    return this.commands.execute(new ReceivableStepCommand(id, (today) => ({ type: 'DeclareOverdue', data: { declaredAt, today } }), declaredAt, context, comment));
  }
}
