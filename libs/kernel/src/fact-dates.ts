import { CalendarDate, dateOf, parseInstant } from './dates';
import { DomainError } from './domain-error';

/**
 * The business date of a fact (`…At` field: instant or date). A fact may not be dated
 * after today by the service's clock (422 FUTURE_DATE); term dates may.
 */
export function factDate(field: string, value: string, today: CalendarDate): CalendarDate {
  const instant = parseInstant(value);
  if (!instant) throw new DomainError('VALIDATION_FAILED', `${field} is not an ISO 8601 instant or date`, { errors: [{ field, message: 'must be an ISO 8601 instant or date' }] });
  const date = dateOf(instant);
  if (date > today) throw new DomainError('FUTURE_DATE', `${field} ${date} is after today (${today})`, { field, today });
  return date;
}
