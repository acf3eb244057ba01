import { ValidationError } from 'class-validator';
import { DomainError } from '@tc/kernel';

export interface FieldError {
  /** Dotted path: `policyholder.name`, `reminderDays.0`; a header by its name. */
  readonly field: string;
  readonly message: string;
}

export function validationFailed(errors: readonly FieldError[]): DomainError {
  const fields = [...new Set(errors.map((e) => e.field))].join(', ');
  return new DomainError('VALIDATION_FAILED', `invalid ${fields}`, { errors });
}

/** One entry per failing field, at any depth, with all of its messages. */
export function fieldErrorsOf(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = error.property === undefined || error.property === '' ? parent || 'body' : parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, message: Object.values(error.constraints).join('; ') }] : [];
    return [...own, ...fieldErrorsOf(error.children ?? [], field)];
  });
}
