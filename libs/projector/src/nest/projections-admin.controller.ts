import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DomainError } from '@tc/kernel';
import { Roles } from '@tc/platform';
import { PROJECTOR, Projector } from '../projector';

@ApiTags('admin')
@Controller('v1/admin/projections')
export class ProjectionsAdminController {
  constructor(@Inject(PROJECTOR) private readonly projector: Projector) {}

  /** Each projection: name, version, generation, checkpoint, lag (events and seconds), status. */
  @Get()
  @Roles('admin')
  async list() {
    return { items: await this.projector.status() };
  }

  /** Starts a blue/green rebuild: the new generation is built beside the live one and swapped in when caught up. */
  @Post(':name/rebuild')
  @HttpCode(202)
  @Roles('admin')
  async rebuild(@Param('name') name: string) {
    const known = (await this.projector.status()).some((p) => p.name === name);
    if (!known) throw new DomainError('NOT_FOUND', `no projection ${name}`);
    void this.projector.rebuild(name).catch(() => undefined); // its failure shows in the status
    return { name, status: 'rebuilding' };
  }
}
