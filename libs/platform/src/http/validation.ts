import { ValidationPipe } from '@nestjs/common';
import { buildMessage, ValidateBy, ValidationOptions } from 'class-validator';
import { isCalendarDate, isCountryCode, isCurrencyCode, parseInstant } from '@tc/kernel';
import { fieldErrorsOf, validationFailed } from './validation-errors';

/**
 * Every body, query and param DTO goes through this: unknown fields are refused (not
 * silently dropped), and a 400 lists every failing field at once.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailed(fieldErrorsOf(errors)),
  });
}

function rule(name: string, test: (value: unknown) => boolean, message: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name, validator: { validate: test, defaultMessage: buildMessage((each) => `${each}$property ${message}`, options) } },
    options,
  );
}

/** ISO 3166-1 alpha-2, upper case. */
export const IsIsoCountry = (options?: ValidationOptions): PropertyDecorator =>
  rule('isIsoCountry', isCountryCode, 'must be an ISO 3166-1 alpha-2 country code (e.g. FR)', options);

/** ISO 4217, upper case. */
export const IsIsoCurrency = (options?: ValidationOptions): PropertyDecorator =>
  rule('isIsoCurrency', isCurrencyCode, 'must be an ISO 4217 currency code (e.g. EUR)', options);

/** A business date `YYYY-MM-DD` that exists in the calendar. */
export const IsCalendarDate = (options?: ValidationOptions): PropertyDecorator =>
  rule('isCalendarDate', isCalendarDate, 'must be a date YYYY-MM-DD', options);

/** An `…At` field: an ISO 8601 instant with offset, or a date (taken as 00:00 UTC). */
export const IsInstantOrDate = (options?: ValidationOptions): PropertyDecorator =>
  rule('isInstantOrDate', (v) => typeof v === 'string' && parseInstant(v) !== undefined, 'must be an ISO 8601 instant or a date YYYY-MM-DD', options);

/** An amount in integer minor units, never negative. */
export const IsMinorUnits = (options?: ValidationOptions): PropertyDecorator =>
  rule('isMinorUnits', (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0, 'must be a whole number of minor units, 0 or more', options);
