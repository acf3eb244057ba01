import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext, Roles } from '@tc/platform';
import { RecordShipmentCommand } from './record-shipment.command';
import { RecordShipmentDto } from './record-shipment.dto';

@ApiTags('receivables')
@Controller('v1/receivables/:id/shipment')
export class RecordShipmentController {
  constructor(private readonly commands: CommandBus) {}

  /** The response states `insured` and the cover in force. */
  @Post()
  @HttpCode(200)
  @Roles('underwriter', 'integration')
  ship(@Param('id') id: string, @Body() body: RecordShipmentDto, @Ctx() context: RequestContext) {
    return this.commands.execute(new RecordShipmentCommand(id, body, context));
  }
}
