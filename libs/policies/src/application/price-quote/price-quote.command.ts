import { Command } from '@nestjs/cqrs';
import { RequestContext } from '@tc/platform';
import { Quote } from '../../domain/pricing';
import { PriceQuoteDto } from './price-quote.dto';

export type QuoteResponse = Quote & { id: string; status: 'QUOTED'; revision: number; position: string | null };

export class PriceQuoteCommand extends Command<QuoteResponse> {
  constructor(
    readonly body: PriceQuoteDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}
