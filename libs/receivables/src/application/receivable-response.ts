import { CommandResponseBody } from '@tc/platform';
import { ReceivableView, receivableView } from '../domain';
import { ReceivableOutcome } from './receivable-workflow';

export type ReceivableResponse = CommandResponseBody & ReceivableView;

/** A command's answer: API.md's id/status/revision/position, and the receivable as it now stands. */
export function receivableResponse(outcome: ReceivableOutcome): ReceivableResponse {
  const view = receivableView(outcome.state);
  if (!view) throw new Error('a command outcome always holds a registered receivable');
  return { ...view, revision: outcome.revision, position: outcome.position ?? null };
}
