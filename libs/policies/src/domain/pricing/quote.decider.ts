import { Decider, DomainError, Message } from '@tc/kernel';
import { Quote } from './quote';

/**
 * A quote is recorded (stream `quote-<id>`) so that it stays reproducible and a policy can
 * later be issued at its rate; pricing itself is the pure `priceQuote`.
 */
export type QuoteRecorded = Message<'QuoteRecorded', { quoteId: string; quote: Quote; quotedAt: string }>;
export type RecordQuote = Message<'RecordQuote', QuoteRecorded['data']>;
export type QuoteState = { readonly recorded?: QuoteRecorded['data'] };

export const quoteDecider: Decider<QuoteState, RecordQuote, QuoteRecorded> = {
  initialState: () => ({}),
  decide: (command, state) => {
    if (state.recorded) throw new DomainError('INVALID_TRANSITION', 'this quote is already recorded');
    return [{ type: 'QuoteRecorded', data: command.data }];
  },
  evolve: (_state, event) => ({ recorded: event.data }),
};

export const quoteStream = (quoteId: string): string => `quote-${quoteId}`;
