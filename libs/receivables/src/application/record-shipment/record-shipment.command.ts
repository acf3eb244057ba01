import { Command } from '@nestjs/cqrs';
import { RequestContext } from '@tc/platform';
import { ReceivableResponse } from '../receivable-response';
import { RecordShipmentDto } from './record-shipment.dto';

export class RecordShipmentCommand extends Command<ReceivableResponse> {
  constructor(
    readonly receivableId: string,
    readonly body: RecordShipmentDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}
