import fc from 'fast-check';
import { addDays, addYears, daysBetween, fromEpochDay, isCalendarDate, parseInstant, policyYearOf, toEpochDay } from './dates';
import { factDate } from './fact-dates';
import { DomainError } from './domain-error';
import { ManualClock } from './clock';

describe('calendar dates', () => {
  it('numbers days exactly as the JavaScript calendar does, from 1900 to 9999', () => {
    const DAY = 86_400_000;
    const first = Date.UTC(1900, 0, 1) / DAY;
    const last = Date.UTC(9999, 11, 31) / DAY;
    fc.assert(
      fc.property(fc.integer({ min: first, max: last }), (n) => {
        const iso = new Date(n * DAY).toISOString().slice(0, 10);
        expect(fromEpochDay(n)).toBe(iso);
        expect(toEpochDay(iso)).toBe(n);
      }),
      { numRuns: 20_000 },
    );
    for (const [date, n] of [['1970-01-01', 0], ['2000-02-29', 11_016], ['1969-12-31', -1], ['2026-03-01', 20_513]] as const) {
      expect(toEpochDay(date)).toBe(n);
      expect(fromEpochDay(n)).toBe(date);
    }
  });

  it('accepts only real dates', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-1-01')).toBe(false);
  });

  it('counts calendar days (worked example: due 2026-03-16 is 60 days after 2026-01-15)', () => {
    expect(daysBetween('2026-01-15', '2026-03-16')).toBe(60);
    expect(addDays('2026-03-16', 1)).toBe('2026-03-17');
    expect(addDays('2026-03-16', 60)).toBe('2026-05-15');
    expect(addDays('2026-03-16', 150)).toBe('2026-08-13');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('adds years with 29 February falling back to the 28th', () => {
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addYears('2026-01-01', 2)).toBe('2028-01-01');
  });

  it('finds the policy year from effectiveFrom anniversaries', () => {
    expect(policyYearOf('2026-03-15', '2026-03-15')).toEqual({ year: 0, start: '2026-03-15' });
    expect(policyYearOf('2026-03-15', '2027-03-14')).toEqual({ year: 0, start: '2026-03-15' });
    expect(policyYearOf('2026-03-15', '2027-03-15')).toEqual({ year: 1, start: '2027-03-15' });
    expect(policyYearOf('2026-03-15', '2030-01-01')).toEqual({ year: 3, start: '2029-03-15' });
  });

  it('parses …At fields as instants or dates taken at 00:00 UTC', () => {
    expect(parseInstant('2026-01-16')?.toISOString()).toBe('2026-01-16T00:00:00.000Z');
    expect(parseInstant('2026-01-16T23:30:00+02:00')?.toISOString()).toBe('2026-01-16T21:30:00.000Z');
    expect(parseInstant('2026-02-30T10:00:00Z')).toBeUndefined();
    expect(parseInstant('yesterday')).toBeUndefined();
  });

  it('refuses a fact dated after the clock\'s today with FUTURE_DATE', () => {
    const clock = new ManualClock(new Date('2026-01-16T10:00:00Z'));
    expect(factDate('ratedAt', '2026-01-16T23:59:59Z', clock.today())).toBe('2026-01-16');
    expect(() => factDate('ratedAt', '2026-01-17', clock.today())).toThrow(expect.objectContaining({ code: 'FUTURE_DATE' }) as DomainError);
  });

  it('moves the manual clock forward only', () => {
    const clock = new ManualClock(new Date('2026-01-16T10:00:00Z'));
    clock.moveTo(new Date('2026-03-17T00:00:00Z'));
    expect(clock.today()).toBe('2026-03-17');
    expect(() => clock.moveTo(new Date('2026-03-16T00:00:00Z'))).toThrow(RangeError);
  });
});
