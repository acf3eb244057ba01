import 'reflect-metadata';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Body, Controller, HttpCode, Module, Param, Post, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsInt, IsOptional, IsPositive, IsString, Length, Matches, MaxLength } from 'class-validator';

/**
 * The ceiling of `npm run bench -- http`: the least a NestJS + Fastify command endpoint does.
 * A class-validator DTO of a few fields through a whitelisting ValidationPipe, then one event
 * appended to a minimal better-sqlite3 table with the API's durability (WAL, synchronous=FULL),
 * a prepared statement, one transaction per request. No auth, no pipeline, no projections.
 * Run as its own process: `PORT=… DATA_DIR=… node dist/bench/http/ceiling-app.js`.
 */
class PaymentDto {
  @IsInt() @IsPositive() amount!: number;
  @Matches(/^\d{4}-\d{2}-\d{2}$/) receivedAt!: string;
  @IsString() @Length(1, 200) reference!: string;
  @IsOptional() @IsString() @MaxLength(500) comment?: string;
}

class EventLog {
  private readonly insert;
  private readonly appendOne;

  constructor(file: string) {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE events (position INTEGER PRIMARY KEY, stream TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, recorded_at TEXT NOT NULL)');
    this.insert = db.prepare('INSERT INTO events (stream, type, data, recorded_at) VALUES (?, ?, ?, ?)');
    this.appendOne = db.transaction((stream: string, type: string, data: string) => Number(this.insert.run(stream, type, data, new Date().toISOString()).lastInsertRowid));
  }

  append(stream: string, type: string, data: object): number {
    return this.appendOne.immediate(stream, type, JSON.stringify(data));
  }
}

const log = new EventLog(join(process.env.DATA_DIR ?? '.', 'ceiling.sqlite'));

@Controller('v1/receivables/:id/payments')
class PaymentsController {
  @Post()
  @HttpCode(200)
  pay(@Param('id') id: string, @Body() body: PaymentDto) {
    const position = log.append(`receivable-${id}`, 'PaymentRecorded', { receivableId: id, ...body });
    return { id, status: 'RECORDED', position: String(position) };
  }
}

@Module({ controllers: [PaymentsController] })
class CeilingModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(CeilingModule, new FastifyAdapter({ logger: false }), { logger: false });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  process.stdout.write('ceiling listening\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
