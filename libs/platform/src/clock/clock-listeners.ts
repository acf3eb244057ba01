import { Injectable } from '@nestjs/common';

export type ClockListener = (now: Date, previous: Date) => void | Promise<void>;

/**
 * Whatever must react when the manual clock moves (due timers) registers here; the admin
 * clock route awaits every listener, in registration order, before it answers.
 */
@Injectable()
export class ClockListeners {
  private readonly listeners: ClockListener[] = [];

  onClockMoved(listener: ClockListener): void {
    this.listeners.push(listener);
  }

  async notify(now: Date, previous: Date): Promise<void> {
    for (const listener of this.listeners) await listener(now, previous);
  }
}
