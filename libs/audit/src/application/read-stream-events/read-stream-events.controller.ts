import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '@tc/platform';
import { StreamParam } from '../stream-param';
import { DEFAULT_PAGE, StreamEventsQuery } from './read-stream-events.dto';
import { ReadStreamEventsQuery } from './read-stream-events.query';

@ApiTags('audit')
@Controller('v1/audit/streams/:stream/events')
export class ReadStreamEventsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('auditor')
  read(@Param() { stream }: StreamParam, @Query() query: StreamEventsQuery) {
    return this.queries.execute(new ReadStreamEventsQuery(stream, query.fromRevision ?? 0, query.limit ?? DEFAULT_PAGE));
  }
}
