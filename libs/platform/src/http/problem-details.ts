import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import { DomainError } from '@tc/kernel';
import { WrongExpectedRevisionError } from '@tc/eventstore';

export const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

/** The one table from error code to HTTP status; a code not listed is a refused business rule. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONCURRENCY_CONFLICT: 409,
  DUPLICATE_DEBTOR: 409,
  DUPLICATE_INVOICE: 409,
  DUPLICATE_DECLARATION: 409,
  DUPLICATE_POLICY: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
};

export const statusForCode = (code: string): number => STATUS_BY_CODE[code] ?? 422;

/** RFC 9457 body; `details` of a DomainError are spread beside the standard members. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly instance?: string;
  readonly errors?: readonly { field: string; message: string }[];
  readonly [member: string]: unknown;
}

const STANDARD_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'code', 'instance']);

export function problemDetails(code: string, detail: string, details: Readonly<Record<string, unknown>> = {}, status = statusForCode(code)): ProblemDetails {
  const extra = Object.fromEntries(Object.entries(details).filter(([member]) => !STANDARD_MEMBERS.has(member)));
  return {
    type: `https://trade-credit.example/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    code,
    ...extra,
  };
}

/** Maps anything thrown to a problem. Unknown errors give a bare 500: their message may hold internals. */
export function problemOf(exception: unknown): ProblemDetails {
  if (exception instanceof DomainError) return problemDetails(exception.code, exception.message, exception.details);
  if (exception instanceof WrongExpectedRevisionError) {
    return problemDetails('CONCURRENCY_CONFLICT', 'the resource was changed by another request; read it again and retry', {
      expectedRevision: exception.expected,
      currentRevision: exception.actual,
    });
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status >= 500) return problemDetails('INTERNAL', 'an unexpected error occurred', {}, status);
    return problemDetails(codeForStatus(status), messageOf(exception), {}, status);
  }
  return problemDetails('INTERNAL', 'an unexpected error occurred');
}

/** For Nest's own exceptions (built-in pipes, unknown routes, Fastify's body errors). */
function codeForStatus(status: number): string {
  if (status === 400) return 'VALIDATION_FAILED';
  if (status === 401) return 'UNAUTHENTICATED';
  return (STATUS_CODES[status] ?? `HTTP ${status}`).toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  const message = typeof response === 'object' && response !== null && 'message' in response ? response.message : response;
  return Array.isArray(message) ? message.join('; ') : String(message);
}
