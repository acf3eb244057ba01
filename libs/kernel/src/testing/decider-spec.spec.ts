import { Decider, Message } from '../decider';
import { DomainError } from '../domain-error';
import { DeciderSpecification } from './decider-spec';

type Counter = Decider<number, Message<'Add', { n: number }>, Message<'Added', { n: number }>>;
const counter: Counter = {
  initialState: () => 0,
  decide: ({ data }, total) => {
    if (total + data.n > 10) throw new DomainError('LIMIT_EXCEEDED', 'too much');
    return data.n === 0 ? [] : [{ type: 'Added', data: { n: data.n } }];
  },
  evolve: (total, { data }) => total + data.n,
};

// The helper guards every domain spec, so each of its verdicts is seen to fail once here.
describe('DeciderSpecification', () => {
  const spec = DeciderSpecification.for(counter);
  const add = (n: number) => ({ type: 'Add' as const, data: { n } });

  it('passes and fails on events', () => {
    spec.given([{ type: 'Added', data: { n: 4 } }]).when(add(2)).then([{ type: 'Added', data: { n: 2 } }]);
    expect(() => spec.given([]).when(add(2)).then([{ type: 'Added', data: { n: 3 } }])).toThrow(/expected events/);
  });

  it('passes and fails on errors', () => {
    spec.given([{ type: 'Added', data: { n: 9 } }]).when(add(2)).thenThrows('LIMIT_EXCEEDED');
    expect(() => spec.given([]).when(add(2)).thenThrows('LIMIT_EXCEEDED')).toThrow(/but the command produced/);
    expect(() => spec.given([{ type: 'Added', data: { n: 9 } }]).when(add(2)).thenThrows('OTHER')).toThrow(/but got LIMIT_EXCEEDED/);
  });

  it('passes and fails on nothing happening', () => {
    spec.given([]).when(add(0)).thenNothingHappens();
    expect(() => spec.given([]).when(add(1)).thenNothingHappens()).toThrow(/expected no events/);
  });
});
