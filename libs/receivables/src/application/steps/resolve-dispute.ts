import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { CommandBody, Ctx, IsInstantOrDate, RequestContext, Roles } from '@tc/platform';
import { ReceivableStepCommand } from '../receivable-step';

export class ResolveDisputeDto extends CommandBody {
  @ApiProperty({ example: '2026-04-10' }) @IsInstantOrDate() resolvedAt!: string;

  @ApiProperty({ enum: ['UPHELD', 'CANCELLED'], description: 'UPHELD: the debt stands, cover restored; CANCELLED: the debt is void, the receivable closed' })
  @IsIn(['UPHELD', 'CANCELLED'])
  outcome!: 'UPHELD' | 'CANCELLED';
}

@ApiTags('receivables')
@Controller('v1/receivables/:id/disputes/resolution')
export class ResolveDisputeController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @Roles('claims')
  resolve(@Param('id') id: string, @Body() { comment, ...resolution }: ResolveDisputeDto, @Ctx() context: RequestContext) {
    return this.commands.execute(new ReceivableStepCommand(id, (today) => ({ type: 'ResolveDispute', data: { ...resolution, today } }), resolution.resolvedAt, context, comment));
  }
}
