/**
 * Calendar dates as `YYYY-MM-DD` strings (UTC, no time zone ambiguity). They sort
 * lexicographically, serialise as themselves and compare with `<`.
 */
export type CalendarDate = string & { readonly __calendarDate?: never };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

export function calendarDate(value: string): CalendarDate {
  if (!isCalendarDate(value)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${value}`);
  return value;
}

const toEpochDay = (d: CalendarDate): number => Date.parse(`${d}T00:00:00Z`) / DAY_MS;
const fromEpochDay = (n: number): CalendarDate => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** The UTC business date of an instant. */
export const dateOf = (instant: Date): CalendarDate => instant.toISOString().slice(0, 10);

export const addDays = (d: CalendarDate, days: number): CalendarDate => fromEpochDay(toEpochDay(d) + days);

/** Whole days from `a` to `b` (positive when b is later). */
export const daysBetween = (a: CalendarDate, b: CalendarDate): number => toEpochDay(b) - toEpochDay(a);

/** Same day of month `years` later; 29 February falls back to 28 February in common years. */
export function addYears(d: CalendarDate, years: number): CalendarDate {
  const [y, m, day] = d.split('-').map(Number);
  const target = y + years;
  const lastDay = new Date(Date.UTC(target, m, 0)).getUTCDate();
  return `${String(target).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
}

export const minDate = (a: CalendarDate, b: CalendarDate): CalendarDate => (a <= b ? a : b);
export const maxDate = (a: CalendarDate, b: CalendarDate): CalendarDate => (a >= b ? a : b);

/** Inclusive range check, as every `validUntil` / `until` of the domain is inclusive. */
export const isWithin = (d: CalendarDate, from: CalendarDate, until: CalendarDate): boolean => d >= from && d <= until;

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses an `…At` field: an ISO 8601 instant, or a date taken as 00:00 UTC.
 * Returns undefined when the text is neither.
 */
export function parseInstant(value: string): Date | undefined {
  if (isCalendarDate(value)) return new Date(`${value}T00:00:00.000Z`);
  if (!INSTANT.test(value)) return undefined;
  const t = new Date(value);
  return Number.isNaN(t.getTime()) || !isCalendarDate(value.slice(0, 10)) ? undefined : t;
}

/**
 * The 0-based policy year that contains `d`, counted from `effectiveFrom`'s anniversaries,
 * and the first day of that year.
 */
export function policyYearOf(effectiveFrom: CalendarDate, d: CalendarDate): { year: number; start: CalendarDate } {
  let year = Math.max(0, Number(d.slice(0, 4)) - Number(effectiveFrom.slice(0, 4)));
  while (year > 0 && addYears(effectiveFrom, year) > d) year--;
  while (addYears(effectiveFrom, year + 1) <= d) year++;
  return { year, start: addYears(effectiveFrom, year) };
}
