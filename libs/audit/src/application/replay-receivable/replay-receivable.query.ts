import { Query } from '@nestjs/cqrs';
import { PointInTime, ReceivableReplay } from './receivable-replay';

export type ReceivableReplayAnswer = ReceivableReplay & {
  readonly receivableId: string;
  readonly stream: string;
  readonly pointInTime: PointInTime;
  /** The whole stream's length today, so the auditor sees how much came later. */
  readonly eventsInStream: number;
};

export class ReplayReceivableQuery extends Query<ReceivableReplayAnswer> {
  constructor(
    readonly receivableId: string,
    readonly at: PointInTime,
  ) {
    super();
  }
}
