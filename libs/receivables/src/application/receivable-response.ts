import { CommandResponseBody } from '@tc/platform';
import { ReceivableView, receivableView } from '../domain';
import { ReceivableOutcome } from './receivable-workflow';

export type ReceivableResponse = CommandResponseBody & ReceivableView;

/** A command's answer: API.md's id/status/revision/position, and the receivable as it now stands. */
export function receivableResponse(outcome: ReceivableOutcome): ReceivableResponse {
  const view = receivableView(outcome.state);
  if (!view) throw new Error('a command outcome always holds a registered receivable');
  // A fresh object, extended in place (a spread of its 46 fields is the slow path of V8).
  return Object.assign(view as ReceivableView & { [field: string]: unknown }, { revision: outcome.revision, position: outcome.position ?? null });
}
