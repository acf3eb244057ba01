import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext, Roles } from '@tc/platform';
import { PriceQuoteCommand } from './price-quote.command';
import { PriceQuoteDto } from './price-quote.dto';

@ApiTags('pricing')
@Controller('v1/pricing/quotes')
export class PriceQuoteController {
  constructor(private readonly commands: CommandBus) {}

  /** Prices with the current table and records the quote (reproducible from its table version and factors). */
  @Post()
  @Roles('underwriter')
  quote(@Body() body: PriceQuoteDto, @Ctx() context: RequestContext) {
    return this.commands.execute(new PriceQuoteCommand(body, context));
  }
}
