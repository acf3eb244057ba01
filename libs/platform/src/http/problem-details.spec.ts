import { BadRequestException, ForbiddenException, HttpException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { DomainError } from '@tc/kernel';
import { WrongExpectedRevisionError } from '@tc/eventstore';
import { problemOf, statusForCode } from './problem-details';

describe('statusForCode', () => {
  it.each([
    ['NOT_FOUND', 404],
    ['CONCURRENCY_CONFLICT', 409],
    ['DUPLICATE_DEBTOR', 409],
    ['DUPLICATE_INVOICE', 409],
    ['DUPLICATE_DECLARATION', 409],
    ['IDEMPOTENCY_KEY_REUSED', 409],
    ['PAYLOAD_TOO_LARGE', 413],
    ['VALIDATION_FAILED', 400],
    ['MALFORMED_JSON', 400],
    ['UNAUTHENTICATED', 401],
    ['FORBIDDEN', 403],
    ['INSUFFICIENT_HEADROOM', 422],
    ['CLOCK_NOT_MANUAL', 422],
    ['A_RULE_ADDED_LATER', 422],
  ])('%s → %i', (code, status) => {
    expect(statusForCode(code)).toBe(status);
  });
});

describe('problemOf', () => {
  it('maps a DomainError by code, with its message and details', () => {
    expect(problemOf(new DomainError('DUPLICATE_DEBTOR', 'exists already', { existingId: 'd-1' }))).toEqual({
      type: 'https://trade-credit.example/problems/duplicate-debtor',
      title: 'Conflict',
      status: 409,
      detail: 'exists already',
      code: 'DUPLICATE_DEBTOR',
      existingId: 'd-1',
    });
  });

  it('never lets details overwrite the standard members', () => {
    const problem = problemOf(new DomainError('FUTURE_DATE', 'too late', { status: 200, code: 'OK', type: 'x', title: 'y', detail: 'z', instance: 'i', field: 'paidAt' }));
    expect(problem).toEqual({
      type: 'https://trade-credit.example/problems/future-date',
      title: 'Unprocessable Entity',
      status: 422,
      detail: 'too late',
      code: 'FUTURE_DATE',
      field: 'paidAt',
    });
  });

  it('carries validation errors', () => {
    const errors = [{ field: 'policyholder.name', message: 'name should not be empty' }];
    expect(problemOf(new DomainError('VALIDATION_FAILED', 'invalid policyholder.name', { errors }))).toMatchObject({ status: 400, errors });
  });

  it('maps WrongExpectedRevisionError to CONCURRENCY_CONFLICT', () => {
    expect(problemOf(new WrongExpectedRevisionError('debtor-1', 2, 5))).toMatchObject({
      status: 409,
      code: 'CONCURRENCY_CONFLICT',
      expectedRevision: 2,
      currentRevision: 5,
    });
  });

  it.each([
    [new BadRequestException('Validation failed (uuid is expected)'), 400, 'VALIDATION_FAILED', 'Validation failed (uuid is expected)'],
    [new NotFoundException('Cannot GET /x'), 404, 'NOT_FOUND', 'Cannot GET /x'],
    [new ForbiddenException(), 403, 'FORBIDDEN', 'Forbidden'],
    [new HttpException('Request body is too large', 413), 413, 'PAYLOAD_TOO_LARGE', 'Request body is too large'],
    [new HttpException('Unsupported Media Type', 415), 415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported Media Type'],
    [new HttpException({ message: ['a is bad', 'b is bad'] }, 405), 405, 'METHOD_NOT_ALLOWED', 'a is bad; b is bad'],
    [new HttpException('slow down', 429), 429, 'TOO_MANY_REQUESTS', 'slow down'],
  ])('maps Nest exception %p by status', (exception, status, code, detail) => {
    expect(problemOf(exception)).toMatchObject({ status, code, detail });
  });

  it('hides the message of anything unexpected, and of 5xx HttpExceptions', () => {
    expect(problemOf(new Error('ECONNREFUSED mongodb://admin:pw@db'))).toEqual({
      type: 'https://trade-credit.example/problems/internal',
      title: 'Internal Server Error',
      status: 500,
      detail: 'an unexpected error occurred',
      code: 'INTERNAL',
    });
    expect(problemOf(new ServiceUnavailableException('pool exhausted at 10.0.0.5'))).toMatchObject({ status: 503, code: 'INTERNAL', detail: 'an unexpected error occurred' });
    expect(problemOf('a thrown string')).toMatchObject({ status: 500, code: 'INTERNAL' });
  });
});
