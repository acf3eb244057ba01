import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { CalendarDate, Clock, CLOCK, DomainError, ManualClock, parseInstant } from '@tc/kernel';
import { Roles } from '../auth/auth.decorators';
import { CommandBody } from '../http/command-body';
import { IsInstantOrDate } from '../http/validation';
import { ClockListeners } from './clock-listeners';

export class MoveClockBody extends CommandBody {
  @ApiProperty({ example: '2025-03-01T09:00:00Z', description: 'ISO 8601 instant or date; not before the current time' })
  @IsInstantOrDate()
  now!: string;
}

export interface ClockState {
  readonly now: string;
  readonly today: CalendarDate;
}

/** Simulation and acceptance tests move the manual clock here; a real-time clock cannot be moved. */
@ApiTags('admin')
@Controller('v1/admin/clock')
@Roles('admin')
export class ClockController {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly listeners: ClockListeners,
  ) {}

  @Post()
  @HttpCode(200)
  async move(@Body() body: MoveClockBody): Promise<ClockState> {
    const clock = this.clock;
    if (!(clock instanceof ManualClock)) {
      throw new DomainError('CLOCK_NOT_MANUAL', 'the clock follows real time; start the service with CLOCK=manual to move it');
    }
    const previous = clock.now();
    const target = parseInstant(body.now)!;
    if (target < previous) {
      throw new DomainError('CLOCK_NOT_MONOTONIC', `the clock only moves forward; it is at ${previous.toISOString()}`, {
        now: previous.toISOString(),
      });
    }
    clock.moveTo(target);
    await this.listeners.notify(target, previous);
    return { now: clock.now().toISOString(), today: clock.today() };
  }
}
