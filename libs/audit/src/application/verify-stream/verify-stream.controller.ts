import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '@tc/platform';
import { StreamParam } from '../stream-param';
import { VerifyStreamQuery } from './verify-stream.query';

@ApiTags('audit')
@Controller('v1/audit/streams/:stream/verify')
export class VerifyStreamController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('auditor')
  verify(@Param() { stream }: StreamParam) {
    return this.queries.execute(new VerifyStreamQuery(stream));
  }
}
