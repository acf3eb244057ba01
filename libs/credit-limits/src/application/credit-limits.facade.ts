import { Injectable } from '@nestjs/common';
import { CalendarDate, DomainError, isUuid } from '@tc/kernel';
import { CommandMetadata, CommandOutcome, CommandPipeline, SnapshotPolicy } from '@tc/platform';
import { CREDIT_LIMIT_SNAPSHOT_VERSION, CreditLimitCommand, CreditLimitEvent, CreditLimitState, creditLimitDecider, creditLimitStream } from '../domain';

/** Credit-limit streams grow with every reservation: they load from a snapshot plus the events after it. */
export const CREDIT_LIMIT_SNAPSHOTS: SnapshotPolicy = { version: `creditlimit-v${CREDIT_LIMIT_SNAPSHOT_VERSION}`, every: 100 };

export function creditLimitStreamOf(policyId: string, debtorId: string): string {
  if (!isUuid(policyId) || !isUuid(debtorId)) throw new DomainError('NOT_FOUND', `no credit limit for policy ${policyId} and debtor ${debtorId}`);
  return creditLimitStream(policyId, debtorId);
}

/**
 * The one way to load and change a credit limit, for its own routes and for the
 * receivables that reserve exposure on it.
 */
@Injectable()
export class CreditLimitsFacade {
  constructor(private readonly pipeline: CommandPipeline) {}

  load(policyId: string, debtorId: string) {
    return this.pipeline.load(creditLimitStreamOf(policyId, debtorId), creditLimitDecider, CREDIT_LIMIT_SNAPSHOTS);
  }

  execute(
    policyId: string,
    debtorId: string,
    command: CreditLimitCommand,
    metadata: CommandMetadata,
    effectiveDate: CalendarDate,
  ): Promise<CommandOutcome<CreditLimitState, CreditLimitEvent>> {
    return this.pipeline.execute({
      stream: creditLimitStreamOf(policyId, debtorId),
      decider: creditLimitDecider,
      command,
      metadata,
      effectiveDate,
      snapshots: CREDIT_LIMIT_SNAPSHOTS,
    });
  }
}
