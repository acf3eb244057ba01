import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '@tc/kernel';
import { CommandPipeline, commandMetadata } from '@tc/platform';
import { priceQuote, quoteDecider, quoteStream } from '../../domain/pricing';
import { PriceQuoteCommand, QuoteResponse } from './price-quote.command';

@CommandHandler(PriceQuoteCommand)
export class PriceQuoteHandler implements ICommandHandler<PriceQuoteCommand, QuoteResponse> {
  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ body: { comment, ...request }, context }: PriceQuoteCommand): Promise<QuoteResponse> {
    const quote = priceQuote(request);
    const quoteId = randomUUID();
    const outcome = await this.pipeline.execute({
      stream: quoteStream(quoteId),
      decider: quoteDecider,
      command: { type: 'RecordQuote', data: { quoteId, quote, quotedAt: this.clock.now().toISOString() } },
      metadata: commandMetadata({ ...context, ifMatch: undefined }, comment),
      effectiveDate: this.clock.today(),
    });
    return { id: quoteId, status: 'QUOTED', revision: outcome.revision, position: outcome.position ?? null, ...quote };
  }
}
