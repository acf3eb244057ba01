import { Decider, Message } from '../decider';
import { DomainError } from '../domain-error';

/**
 * Given/when/then for deciders, with no mocks:
 *
 *   const spec = DeciderSpecification.for(debtorDecider);
 *   spec.given([registered]).when(rate(3)).then([rated(3)]);
 *   spec.given([]).when(rate(3)).thenThrows('NOT_FOUND');
 *
 * `then` compares events deeply; `thenThrows` expects a DomainError with that code.
 * Framework-free (it throws plain errors), so it works under any test runner.
 */
export const DeciderSpecification = {
  for<State, Command extends Message, Event extends Message>(decider: Decider<State, Command, Event>) {
    return {
      given(events: readonly Event[]) {
        return {
          when(command: Command) {
            const run = (): readonly Event[] => {
              const state = events.reduce(decider.evolve, decider.initialState());
              return decider.decide(command, state);
            };
            return {
              then(expected: readonly Event[]): void {
                const actual = run();
                if (!deepEqual(actual, expected)) {
                  throw new Error(`expected events\n${pretty(expected)}\nbut got\n${pretty(actual)}`);
                }
              },
              thenNothingHappens(): void {
                const actual = run();
                if (actual.length > 0) throw new Error(`expected no events but got\n${pretty(actual)}`);
              },
              thenThrows(code: string, check?: (error: DomainError) => void): void {
                let produced: readonly Event[];
                try {
                  produced = run();
                } catch (error) {
                  if (!(error instanceof DomainError)) throw error;
                  if (error.code !== code) {
                    throw new Error(`expected DomainError ${code} but got ${error.code}: ${error.message}`);
                  }
                  check?.(error);
                  return;
                }
                throw new Error(`expected DomainError ${code} but the command produced\n${pretty(produced)}`);
              },
            };
          },
        };
      },
    };
  },
};

const pretty = (v: unknown) => JSON.stringify(v, null, 2);

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
