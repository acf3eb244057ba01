import { Decider, DomainError } from '@tc/kernel';
import { ClaimDebtorIdentity } from './debtor.commands';
import { DebtorIdentityClaimed } from './debtor.events';

/**
 * One stream per legal identity (legal id + country), appended with `no_stream`: the event
 * store's expected-revision check makes the identity unique even under concurrent
 * registrations, without any other lock or index.
 */
export type DebtorIdentityState = { readonly claimedBy?: DebtorIdentityClaimed['data'] };

export const debtorIdentityStream = (legalId: string, country: string): string => `debtorkey-${country}-${normalizeLegalId(legalId)}`;

/** Legal ids are compared without case, spaces or punctuation: "fr 552.100.554" is "FR552100554". */
export const normalizeLegalId = (legalId: string): string => legalId.toUpperCase().replace(/[^A-Z0-9]/g, '');

export const debtorIdentityDecider: Decider<DebtorIdentityState, ClaimDebtorIdentity, DebtorIdentityClaimed> = {
  initialState: () => ({}),
  decide(command, state) {
    if (state.claimedBy) {
      throw new DomainError('DUPLICATE_DEBTOR', `a debtor with legal id ${command.data.legalId} in ${command.data.country} is already registered`, {
        existingId: state.claimedBy.debtorId,
      });
    }
    return [{ type: 'DebtorIdentityClaimed', data: { ...command.data } }];
  },
  evolve: (state, event) => (state.claimedBy ? state : { claimedBy: event.data }),
};
