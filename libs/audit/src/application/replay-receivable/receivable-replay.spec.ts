import { StoredEvent } from '@tc/eventstore';
import { moneyWords } from './money-words';
import { eventsAt } from './receivable-replay';

const stored = (revision: number, effectiveDate: string, recordedAt: string): StoredEvent => ({
  stream: 'receivable-1',
  revision,
  position: String(100 + revision),
  type: 'PaymentRecorded',
  data: {},
  metadata: { eventId: `e${revision}`, actor: { sub: 'ann', role: 'claims' }, correlationId: 'c', causationId: 'c', effectiveDate, recordedAt, schemaVersion: 1, hash: '0'.repeat(64) },
});

describe('eventsAt: which stored facts a point in time selects', () => {
  // Revision 2 is a backdated fact: recorded last, dated before revision 1.
  const events = [stored(0, '2026-01-15', '2026-01-15T09:00:00.000Z'), stored(1, '2026-03-10', '2026-03-10T09:00:00.000Z'), stored(2, '2026-03-01', '2026-03-12T16:30:00.000Z')];
  const revisions = (selected: StoredEvent[]) => selected.map((e) => e.revision);

  it('asOf: the facts dated up to that day, whenever recorded, in stream order', () => {
    expect(revisions(eventsAt(events, { asOf: '2026-03-05' }))).toEqual([0, 2]);
    expect(revisions(eventsAt(events, { asOf: '2026-03-10' }))).toEqual([0, 1, 2]);
    expect(revisions(eventsAt(events, { asOf: '2026-01-14' }))).toEqual([]);
  });

  it('knownAt: what was recorded by that instant, whatever its offset or form', () => {
    expect(revisions(eventsAt(events, { knownAt: '2026-03-12T16:29:59.999Z' }))).toEqual([0, 1]);
    expect(revisions(eventsAt(events, { knownAt: '2026-03-12T17:30:00+01:00' }))).toEqual([0, 1, 2]);
    // A date is 00:00 UTC (API.md): nothing recorded later that day.
    expect(revisions(eventsAt(events, { knownAt: '2026-03-10' }))).toEqual([0]);
  });

  it('revision: the stream up to it', () => {
    expect(revisions(eventsAt(events, { revision: 1 }))).toEqual([0, 1]);
    expect(revisions(eventsAt(events, { revision: 0 }))).toEqual([0]);
  });
});

describe('moneyWords', () => {
  it.each([
    [1_000_000, 'EUR', '10,000.00 EUR'],
    [351_111, 'EUR', '3,511.11 EUR'],
    [5, 'EUR', '0.05 EUR'],
    [0, 'EUR', '0.00 EUR'],
    [-48_889, 'EUR', '-488.89 EUR'],
    [123_456_789, 'JPY', '123,456,789 JPY'],
    [1_234_567, 'KWD', '1,234.567 KWD'],
  ])('%d %s reads %s', (minor, currency, words) => {
    expect(moneyWords(minor, currency)).toBe(words);
  });
});
