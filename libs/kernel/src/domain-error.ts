/**
 * A refusal by a business rule. `code` is stable (upper snake case) and is what
 * clients match on; the HTTP layer maps codes to statuses in one table.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;

/** Asserts a rule; throws a DomainError with the given code when it does not hold. */
export function ensure(condition: unknown, code: string, message: string, details?: Record<string, unknown>): asserts condition {
  if (!condition) throw new DomainError(code, message, details);
}
