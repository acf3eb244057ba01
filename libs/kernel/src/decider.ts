/** An event or command as a discriminated union member: a stable type string and its data. */
export interface Message<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/**
 * An aggregate as a pure decider. `decide` returns the events a command produces or throws
 * a DomainError; `evolve` folds one event into the state. No I/O, no clock, no random ids:
 * all of them arrive in the command.
 */
export interface Decider<State, Command extends Message, Event extends Message> {
  initialState(): State;
  decide(command: Command, state: State): readonly Event[];
  evolve(state: State, event: Event): State;
}

export const fold = <State, Event extends Message>(
  decider: Pick<Decider<State, Message, Event>, 'initialState' | 'evolve'>,
  events: Iterable<Event>,
  from: State = decider.initialState(),
): State => {
  let state = from;
  for (const event of events) state = decider.evolve(state, event);
  return state;
};

/** Makes a forgotten union member a compile error in exhaustive switches. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
