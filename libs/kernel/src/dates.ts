/**
 * Calendar dates as `YYYY-MM-DD` strings (UTC, no time zone ambiguity). They sort
 * lexicographically, serialise as themselves and compare with `<`.
 */
export type CalendarDate = string & { readonly __calendarDate?: never };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

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

/**
 * Day numbers since 1970-01-01 and back, by civil-calendar arithmetic (H. Hinnant's
 * days_from_civil / civil_from_days) rather than through Date objects and ISO strings: the
 * views and the deciders do date arithmetic on every event, and this was a tenth of a rebuild.
 */
export function toEpochDay(d: CalendarDate): number {
  const y0 = digits(d, 0, 4);
  const m = digits(d, 5, 2);
  const day = digits(d, 8, 2);
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + day - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

export function fromEpochDay(n: number): CalendarDate {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y < 1000 ? String(y).padStart(4, '0') : y}-${m < 10 ? '0' : ''}${m}-${day < 10 ? '0' : ''}${day}`;
}

/** The number written at `d[from, from + length)`, as ASCII digits (the format is checked where dates enter). */
function digits(d: string, from: number, length: number): number {
  let n = 0;
  for (let i = from; i < from + length; i++) n = n * 10 + d.charCodeAt(i) - 48;
  return n;
}

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
