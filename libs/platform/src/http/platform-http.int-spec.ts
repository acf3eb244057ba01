import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Body, Controller, Get, Headers, Module, Post, Res } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import type { FastifyReply } from 'fastify';
import request from 'supertest';
import { DomainError, ManualClock } from '@tc/kernel';
import { WrongExpectedRevisionError } from '@tc/eventstore';
import { Public, Roles } from '../auth/auth.decorators';
import { signJwt } from '../auth/jwt';
import { Role } from '../auth/roles';
import { ClockListeners } from '../clock/clock-listeners';
import { AppConfig } from '../config/app-config';
import { loadConfig } from '../config/load-config';
import { HealthRegistry } from '../health/health.registry';
import { createLogger } from '../logging/logger';
import { PlatformModule } from '../platform.module';
import { createApiApp } from './bootstrap';
import { CommandBody } from './command-body';
import { Ctx, RequestContext } from './request-context';
import { IsIsoCountry, IsIsoCurrency, IsMinorUnits } from './validation';
import { FieldError } from './validation-errors';

class Party {
  @IsString() @IsNotEmpty() name!: string;
  @IsIsoCountry() country!: string;
}

class CreateThingBody extends CommandBody {
  @IsObject() @ValidateNested() @Type(() => Party) policyholder!: Party;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => Party) contacts?: Party[];
  @IsIsoCurrency() currency!: string;
  @IsMinorUnits() amount!: number;
  @IsArray() @IsInt({ each: true }) reminderDays!: number[];
}

/** A stand-in for a context's controller: one route per behaviour under test. */
@Controller('v1/things')
@Roles('underwriter')
class ThingsController {
  created = 0;
  refusals = 1;
  gate?: Promise<void>;

  @Post()
  async create(@Body() body: CreateThingBody, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: FastifyReply) {
    this.created++;
    await this.gate;
    reply.header('ETag', '"0"').header('Location', `/v1/things/t-${this.created}`);
    return { id: `t-${this.created}`, status: 'CREATED', revision: 0, position: String(this.created), by: ctx.actor, comment: body.comment };
  }

  @Post('refusable')
  refusable() {
    if (this.refusals-- > 0) throw new DomainError('INSUFFICIENT_HEADROOM', 'not enough headroom');
    return { id: 't-r', status: 'ACCEPTED', revision: 1, position: '9' };
  }

  @Post('context')
  context(@Ctx() ctx: RequestContext) {
    return ctx;
  }

  @Get('duplicate')
  duplicate() {
    throw new DomainError('DUPLICATE_DEBTOR', 'a debtor with this legalId and country exists', { existingId: 'd-1', status: 999 });
  }

  @Get('stale')
  stale() {
    throw new WrongExpectedRevisionError('thing-1', 3, 4);
  }

  @Get('boom')
  boom() {
    throw new Error('connection string mongodb://admin:hunter2@db');
  }

  @Public()
  @Get('public')
  open(@Headers('authorization') authorization?: string) {
    return { open: true, sawToken: authorization !== undefined };
  }
}

@Controller('v1/undeclared')
class UndeclaredController {
  @Get()
  get() {
    return { leaked: true };
  }
}

interface Harness {
  readonly app: NestFastifyApplication;
  readonly config: AppConfig;
  readonly logs: Record<string, unknown>[];
  readonly things: ThingsController;
}

async function boot(env: NodeJS.ProcessEnv, clock?: ManualClock): Promise<Harness> {
  const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'tc-platform-')), ...env });
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger({ logLevel: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line)) });

  @Module({ imports: [PlatformModule.forRoot(config, { logger, ...(clock && { clock }) })], controllers: [ThingsController, UndeclaredController] })
  class TestApiModule {}

  const app = await createApiApp(TestApiModule, config, logger);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, config, logs, things: app.get(ThingsController) };
}

const validThing = {
  policyholder: { name: 'Acme', country: 'FR' },
  currency: 'EUR',
  amount: 6_000_000,
  reminderDays: [15, 30],
};

describe('platform over HTTP (real Nest + Fastify app)', () => {
  const clock = new ManualClock(new Date('2025-03-01T00:00:00Z'));
  let h: Harness;
  let server: ReturnType<NestFastifyApplication['getHttpServer']>;
  const tokenFor = (role: Role, extra: { policyId?: string; sub?: string } = {}, ttl = 600) =>
    `Bearer ${signJwt({ sub: extra.sub ?? `${role}-1`, role, ...(extra.policyId && { policyId: extra.policyId }) }, h.config.jwtSecret, ttl)}`;
  const underwriter = () => tokenFor('underwriter');

  beforeAll(async () => {
    h = await boot({ CLOCK: 'manual', CLOCK_START: '2025-03-01' }, clock);
    server = h.app.getHttpServer();
  });
  afterAll(() => h.app.close());

  function expectProblem(res: request.Response, status: number, code: string): void {
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.body).toMatchObject({
      type: `https://trade-credit.example/problems/${code.toLowerCase().replace(/_/g, '-')}`,
      title: expect.any(String),
      status,
      detail: expect.any(String),
      code,
    });
    expect(res.headers['x-correlation-id']).toEqual(expect.any(String));
  }

  describe('authentication and roles', () => {
    it('401 without a token', async () => {
      const res = await request(server).get('/v1/things/duplicate');
      expectProblem(res, 401, 'UNAUTHENTICATED');
      expect(res.headers['www-authenticate']).toBe('Bearer');
    });

    it('401 with a malformed or badly signed token', async () => {
      expectProblem(await request(server).get('/v1/things/duplicate').set('Authorization', 'Bearer nonsense'), 401, 'UNAUTHENTICATED');
      expectProblem(await request(server).get('/v1/things/duplicate').set('Authorization', 'Basic dXNlcjpwdw=='), 401, 'UNAUTHENTICATED');
      const foreign = signJwt({ sub: 'x', role: 'underwriter' }, 'another-secret-another-secret-another', 600);
      const res = await request(server).get('/v1/things/duplicate').set('Authorization', `Bearer ${foreign}`);
      expectProblem(res, 401, 'UNAUTHENTICATED');
      expect(res.body.detail).toBe('invalid bearer token: bad signature');
    });

    it('401 with an expired token, whatever the manual clock says', async () => {
      const expired = signJwt({ sub: 'ann', role: 'underwriter' }, h.config.jwtSecret, 60, Math.floor(Date.now() / 1000) - 120);
      const res = await request(server).get('/v1/things/duplicate').set('Authorization', `Bearer ${expired}`);
      expectProblem(res, 401, 'UNAUTHENTICATED');
      expect(res.body.detail).toBe('invalid bearer token: expired');
    });

    it('403 for a role the route does not allow', async () => {
      expectProblem(await request(server).get('/v1/things/duplicate').set('Authorization', tokenFor('analyst')), 403, 'FORBIDDEN');
    });

    it('403 on a route that declares no roles (secure by default), 401 there without a token', async () => {
      expectProblem(await request(server).get('/v1/undeclared').set('Authorization', tokenFor('admin')), 403, 'FORBIDDEN');
      expectProblem(await request(server).get('/v1/undeclared'), 401, 'UNAUTHENTICATED');
    });

    it('lets anyone call a @Public() route', async () => {
      const res = await request(server).get('/v1/things/public');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ open: true, sawToken: false });
    });
  });

  describe('errors as problem+json', () => {
    it('maps a DomainError by its code and spreads its details, never over the standard members', async () => {
      const res = await request(server).get('/v1/things/duplicate').set('Authorization', underwriter());
      expectProblem(res, 409, 'DUPLICATE_DEBTOR');
      expect(res.body).toMatchObject({ existingId: 'd-1', status: 409, instance: '/v1/things/duplicate', detail: 'a debtor with this legalId and country exists' });
    });

    it('maps WrongExpectedRevisionError to 409 CONCURRENCY_CONFLICT', async () => {
      const res = await request(server).get('/v1/things/stale').set('Authorization', underwriter());
      expectProblem(res, 409, 'CONCURRENCY_CONFLICT');
      expect(res.body).toMatchObject({ expectedRevision: 3, currentRevision: 4 });
    });

    it('answers an unexpected error with a bare 500 and logs it with its stack', async () => {
      const res = await request(server).get('/v1/things/boom').set('Authorization', underwriter()).set('x-correlation-id', 'boom-1');
      expectProblem(res, 500, 'INTERNAL');
      expect(JSON.stringify(res.body)).not.toContain('hunter2');
      const logged = h.logs.find((line) => line.msg === 'request failed' && line.correlationId === 'boom-1') as { err: { stack: string } };
      expect(logged.err.stack).toContain('hunter2');
    });

    it('404 NOT_FOUND for an unknown route, with or without a token', async () => {
      expectProblem(await request(server).get('/v1/nowhere'), 404, 'NOT_FOUND');
      expectProblem(await request(server).post('/v1/nowhere').set('Authorization', underwriter()).send({}), 404, 'NOT_FOUND');
    });

    it('400 VALIDATION_FAILED listing every failing field: mistyped, unknown, nested, array item', async () => {
      const res = await request(server)
        .post('/v1/things')
        .set('Authorization', underwriter())
        .send({
          policyholder: { name: '', country: 'XX', vat: 'FR1' },
          contacts: [{ name: 'Bea', country: 'DE' }, { name: 'Cy', country: 'de' }],
          currency: 'EURO',
          amount: 1.5,
          reminderDays: [15, 'soon'],
          colour: 'red',
          comment: 'x'.repeat(501),
        });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      const byField = (errors: FieldError[]) => [...errors].sort((a, b) => a.field.localeCompare(b.field));
      expect(byField(res.body.errors)).toEqual(byField([
        { field: 'comment', message: 'comment must be shorter than or equal to 500 characters' },
        { field: 'policyholder.name', message: 'name should not be empty' },
        { field: 'policyholder.country', message: 'country must be an ISO 3166-1 alpha-2 country code (e.g. FR)' },
        { field: 'policyholder.vat', message: 'property vat should not exist' },
        { field: 'contacts.1.country', message: 'country must be an ISO 3166-1 alpha-2 country code (e.g. FR)' },
        { field: 'currency', message: 'currency must be an ISO 4217 currency code (e.g. EUR)' },
        { field: 'amount', message: 'amount must be a whole number of minor units, 0 or more' },
        // class-validator reports `each` rules on the array itself; nested objects get their index.
        { field: 'reminderDays', message: 'each value in reminderDays must be an integer number' },
        { field: 'colour', message: 'property colour should not exist' },
      ]));
      expect(res.body.detail).toMatch(/^invalid .*policyholder\.vat, /);
    });

    it('400 VALIDATION_FAILED for missing fields and for a body that is not an object', async () => {
      const missing = await request(server).post('/v1/things').set('Authorization', underwriter()).send({});
      expectProblem(missing, 400, 'VALIDATION_FAILED');
      expect(missing.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['amount', 'currency', 'policyholder', 'reminderDays']);
      for (const body of ['[1,2]', '"text"', '42', 'null']) {
        const res = await request(server).post('/v1/things').set('Authorization', underwriter()).set('Content-Type', 'application/json').send(body);
        expectProblem(res, 400, 'VALIDATION_FAILED');
      }
      expect(h.things.created).toBe(0);
    });

    it('400 MALFORMED_JSON for a body that is not JSON, or empty, or poisoned', async () => {
      for (const body of ['{"amount": ', '', '{"__proto__": {"admin": true}}']) {
        const res = await request(server).post('/v1/things').set('Authorization', underwriter()).set('Content-Type', 'application/json').send(body);
        expectProblem(res, 400, 'MALFORMED_JSON');
      }
    });

    it('413 PAYLOAD_TOO_LARGE above 64 KiB', async () => {
      const res = await request(server)
        .post('/v1/things')
        .set('Authorization', underwriter())
        .send({ ...validThing, comment: 'x'.repeat(70_000) });
      expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('415 UNSUPPORTED_MEDIA_TYPE for anything but JSON', async () => {
      const res = await request(server).post('/v1/things').set('Authorization', underwriter()).set('Content-Type', 'text/plain').send('hello');
      expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
      const form = await request(server).post('/v1/things').set('Authorization', underwriter()).type('form').send({ a: 1 });
      expectProblem(form, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });
  });

  describe('request context', () => {
    const contextOf = (headers: Record<string, string>) => {
      const req = request(server).post('/v1/things/context').set('Authorization', tokenFor('underwriter', { sub: 'ann' }));
      for (const [name, value] of Object.entries(headers)) req.set(name, value);
      return req;
    };

    it('gives the actor, a correlation id and the parsed If-Match', async () => {
      const res = await contextOf({ 'If-Match': '"7"', 'x-correlation-id': 'req-42:a.b_c' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ principal: { sub: 'ann', role: 'underwriter' }, actor: { sub: 'ann', role: 'underwriter' }, correlationId: 'req-42:a.b_c', ifMatch: 7 });
      expect(res.headers['x-correlation-id']).toBe('req-42:a.b_c');
      expect((await contextOf({ 'If-Match': '12' })).body.ifMatch).toBe(12);
    });

    it('replaces an insane correlation id with a uuid', async () => {
      const res = await contextOf({ 'x-correlation-id': 'has spaces and "quotes"' });
      expect(res.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers['x-correlation-id']).toBe(res.body.correlationId);
    });

    it.each(['W/"7"', '*', '"7", "8"', 'seven', '"-1"'])('400 VALIDATION_FAILED for If-Match %s', async (value) => {
      const res = await contextOf({ 'If-Match': value });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors[0].field).toBe('If-Match');
    });
  });

  describe('idempotency', () => {
    const send = (key: string, body: object, token = underwriter()) =>
      request(server).post('/v1/things').set('Authorization', token).set('Idempotency-Key', key).send(body);

    it('replays the first response without running the handler again', async () => {
      const before = h.things.created;
      const first = await send('key-replay', { ...validThing, comment: 'first' });
      expect(first.status).toBe(201);
      const again = await send('key-replay', { comment: 'first', reminderDays: [15, 30], amount: 6_000_000, currency: 'EUR', policyholder: { country: 'FR', name: 'Acme' } });
      expect(h.things.created).toBe(before + 1);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.etag).toBe('"0"');
      expect(again.headers.location).toBe(first.headers.location);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(first.headers['idempotent-replayed']).toBeUndefined();
    });

    it('409 IDEMPOTENCY_KEY_REUSED for the same key with another body', async () => {
      await send('key-reused', validThing);
      expectProblem(await send('key-reused', { ...validThing, amount: 1 }), 409, 'IDEMPOTENCY_KEY_REUSED');
    });

    it('keeps keys of different callers apart', async () => {
      const before = h.things.created;
      await send('key-shared', validThing, tokenFor('underwriter', { sub: 'ann' }));
      const other = await send('key-shared', validThing, tokenFor('underwriter', { sub: 'bob' }));
      expect(other.headers['idempotent-replayed']).toBeUndefined();
      expect(h.things.created).toBe(before + 2);
    });

    it('makes a concurrent retry wait for the first attempt, then replays it', async () => {
      const before = h.things.created;
      let open!: () => void;
      h.things.gate = new Promise((resolve) => (open = resolve));
      const first = send('key-concurrent', validThing).then((r) => r);
      const second = send('key-concurrent', validThing).then((r) => r);
      await new Promise((resolve) => setTimeout(resolve, 50));
      open();
      const [a, b] = await Promise.all([first, second]);
      h.things.gate = undefined;
      expect(h.things.created).toBe(before + 1);
      expect(b.body).toEqual(a.body);
      expect([a.headers['idempotent-replayed'], b.headers['idempotent-replayed']].sort()).toEqual(['true', undefined]);
    });

    it('stores no refusal: a retry is decided again', async () => {
      const refuse = () => request(server).post('/v1/things/refusable').set('Authorization', underwriter()).set('Idempotency-Key', 'key-refused').send({});
      expectProblem(await refuse(), 422, 'INSUFFICIENT_HEADROOM');
      const retry = await refuse();
      expect(retry.status).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBeUndefined();
      expect((await refuse()).headers['idempotent-replayed']).toBe('true');
    });

    it('400 for a key longer than 200 characters', async () => {
      const res = await send('k'.repeat(201), validThing);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toEqual([{ field: 'Idempotency-Key', message: 'must be 1 to 200 characters' }]);
    });
  });

  describe('health, documentation, logs', () => {
    it('/health reports every store and turns 503 when one is not ready', async () => {
      const ok = await request(server).get('/health');
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ status: 'ok', stores: { platform: { ready: true } } });

      let ready = false;
      h.app.get(HealthRegistry).register('events', () => ({ ready, detail: ready ? undefined : 'connecting' }));
      h.app.get(HealthRegistry).register('broken', () => {
        if (!ready) throw new Error('ECONNREFUSED 10.0.0.5:27017');
        return { ready: true };
      });
      const down = await request(server).get('/health');
      expect(down.status).toBe(503);
      expect(down.body).toEqual({
        status: 'unavailable',
        stores: { platform: { ready: true }, events: { ready: false, detail: 'connecting' }, broken: { ready: false, detail: 'check failed (see the service log)' } },
      });
      ready = true;
      expect((await request(server).get('/health')).status).toBe(200);
    });

    it('serves /openapi.json and /docs without a token, with bearer auth declared', async () => {
      const doc = await request(server).get('/openapi.json');
      expect(doc.status).toBe(200);
      expect(doc.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(doc.body.paths['/v1/things'].post.security).toEqual([{ bearer: [] }]);
      expect(doc.body.paths['/health'].get.security).toBeUndefined();
      const ui = await request(server).get('/docs');
      expect(ui.status).toBe(200);
      expect(ui.headers['content-type']).toContain('text/html');
    });

    it('logs one line per request with method, url, status, duration, correlation id and actor', async () => {
      await request(server).get('/v1/things/duplicate').set('Authorization', tokenFor('underwriter', { sub: 'ann' })).set('x-correlation-id', 'log-1');
      expect(h.logs.find((line) => line.msg === 'request' && line.correlationId === 'log-1')).toMatchObject({
        level: 'info',
        method: 'GET',
        url: '/v1/things/duplicate',
        status: 409,
        durationMs: expect.any(Number),
        sub: 'ann',
        role: 'underwriter',
      });
    });
  });

  describe('admin clock (manual mode)', () => {
    const move = (now: unknown, token = tokenFor('admin')) => request(server).post('/v1/admin/clock').set('Authorization', token).send({ now });

    it('moves the clock forward, tells the listeners, and answers now and today', async () => {
      const moves: [string, string][] = [];
      h.app.get(ClockListeners).onClockMoved(async (now, previous) => void moves.push([now.toISOString(), previous.toISOString()]));
      const res = await move('2025-03-10T08:30:00+02:00');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ now: '2025-03-10T06:30:00.000Z', today: '2025-03-10' });
      expect(clock.now().toISOString()).toBe('2025-03-10T06:30:00.000Z');
      expect(moves).toEqual([['2025-03-10T06:30:00.000Z', '2025-03-01T00:00:00.000Z']]);
      expect((await move('2025-03-12')).body).toEqual({ now: '2025-03-12T00:00:00.000Z', today: '2025-03-12' });
    });

    it('422 CLOCK_NOT_MONOTONIC when asked to go back', async () => {
      const res = await move('2025-01-01');
      expectProblem(res, 422, 'CLOCK_NOT_MONOTONIC');
      expect(res.body.now).toBe(clock.now().toISOString());
    });

    it('is for admins only and validates its body', async () => {
      expectProblem(await move('2025-12-01', underwriter()), 403, 'FORBIDDEN');
      expectProblem(await move('next week'), 400, 'VALIDATION_FAILED');
    });
  });
});

describe('admin clock (system mode)', () => {
  it('422 CLOCK_NOT_MANUAL', async () => {
    const h = await boot({ LOG_LEVEL: 'silent' });
    try {
      const res = await request(h.app.getHttpServer())
        .post('/v1/admin/clock')
        .set('Authorization', `Bearer ${signJwt({ sub: 'root', role: 'admin' }, h.config.jwtSecret, 60)}`)
        .send({ now: '2030-01-01' });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('CLOCK_NOT_MANUAL');
    } finally {
      await h.app.close();
    }
  });
});
