import { CommandOutcome, CommandResponseBody } from '@tc/platform';
import { DebtorState } from '../domain';

export function debtorCommandResponse(debtorId: string, outcome: CommandOutcome<DebtorState, unknown & { type: string; data: unknown }>): CommandResponseBody {
  return { id: debtorId, status: outcome.state.status, revision: outcome.revision, position: outcome.position ?? null };
}
