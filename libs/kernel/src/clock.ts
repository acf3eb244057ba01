import { CalendarDate, dateOf } from './dates';

/**
 * The only source of "now" outside the domain. `system` follows real time; `manual`
 * (simulation, demos, acceptance tests) moves only when told to, and only forward.
 */
export interface Clock {
  readonly mode: 'system' | 'manual';
  now(): Date;
  /** The business "today": the UTC date of now. */
  today(): CalendarDate;
}

export const CLOCK = Symbol('Clock');

export class SystemClock implements Clock {
  readonly mode = 'system' as const;
  now(): Date {
    return new Date();
  }
  today(): CalendarDate {
    return dateOf(this.now());
  }
}

export class ManualClock implements Clock {
  readonly mode = 'manual' as const;
  private current: number;

  constructor(start: Date) {
    if (Number.isNaN(start.getTime())) throw new Error('ManualClock: invalid start instant');
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  today(): CalendarDate {
    return dateOf(this.now());
  }

  /** Moves the clock to `instant`; moving backwards is refused so that time stays monotonic. */
  moveTo(instant: Date): void {
    if (Number.isNaN(instant.getTime())) throw new Error('ManualClock: invalid instant');
    if (instant.getTime() < this.current) {
      throw new RangeError(`the manual clock only moves forward (now ${this.now().toISOString()})`);
    }
    this.current = instant.getTime();
  }
}
