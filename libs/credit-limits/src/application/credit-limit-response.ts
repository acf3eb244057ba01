import { CalendarDate } from '@tc/kernel';
import { CommandOutcome, CommandResponseBody } from '@tc/platform';
import { CreditLimitEvent, CreditLimitState, creditLimitView } from '../domain';

export type CreditLimitView = ReturnType<typeof creditLimitView>;
export type CreditLimitResponse = CommandResponseBody & CreditLimitView & { on: CalendarDate };

/** A command's answer: API.md's id/status/revision/position, plus the figures on `on`. */
export function creditLimitResponse(
  policyId: string,
  debtorId: string,
  outcome: Pick<CommandOutcome<CreditLimitState, CreditLimitEvent>, 'state' | 'revision' | 'position'>,
  on: CalendarDate,
  discretionaryLimit: number,
): CreditLimitResponse {
  const view = creditLimitView(outcome.state, on, discretionaryLimit);
  return {
    id: `${policyId}/${debtorId}`,
    status: view.discretionary ? 'DISCRETIONARY' : 'NAMED',
    revision: outcome.revision,
    position: outcome.position ?? null,
    on,
    ...view,
  };
}
