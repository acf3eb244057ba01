import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { CommandBody, Ctx, IsInstantOrDate, RequestContext, Roles } from '@tc/platform';
import { ReceivableStepCommand } from '../receivable-step';

export class HandOverToCollectionDto extends CommandBody {
  @ApiProperty({ example: '2026-04-15' }) @IsInstantOrDate() handedOverAt!: string;
  @ApiProperty({ example: 'Recouvrement SA' }) @IsString() @Length(1, 200) agency!: string;
}

@ApiTags('receivables')
@Controller('v1/receivables/:id/collection')
export class HandOverToCollectionController {
  constructor(private readonly commands: CommandBus) {}

  /** A claims handler may hand over before the automatic hand-over at due + collectionHandoverDays. */
  @Post()
  @HttpCode(200)
  @Roles('claims')
  handOver(@Param('id') id: string, @Body() { comment, ...handOver }: HandOverToCollectionDto, @Ctx() context: RequestContext) {
    return this.commands.execute(new ReceivableStepCommand(id, (today) => ({ type: 'HandOverToCollection', data: { ...handOver, automatic: false, today } }), handOver.handedOverAt, context, comment));
  }
}
