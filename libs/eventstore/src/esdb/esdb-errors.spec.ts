import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  InvalidArgumentError,
  StreamDeletedError,
  StreamNotFoundError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
  convertToCommandError,
} from '@eventstore/db-client';
import { Metadata, status } from '@grpc/grpc-js';
import { WrongExpectedRevisionError } from '../eventstore.port';
import {
  EventStoreClosedError,
  EventStoreDataError,
  describeUnavailable,
  isRetryableDrop,
  isStreamDeleted,
  isStreamNotFound,
  isWrongExpectedVersion,
  toPortError,
} from './esdb-errors';
import { EventStoreTimeoutError } from './esdb-timeout';

/** The error the server sends on the plain (non-batch) append path, as gRPC hands it to the client. */
function serviceError(exception: string, entries: Record<string, string>) {
  const metadata = new Metadata();
  metadata.set('exception', exception);
  for (const [key, value] of Object.entries(entries)) metadata.set(key, value);
  return Object.assign(new Error('9 FAILED_PRECONDITION: wrong expected version'), { code: status.FAILED_PRECONDITION, details: 'wrong expected version', metadata });
}

describe("mapping @eventstore/db-client's errors to the port", () => {
  it("turns WrongExpectedVersionError into the port's error, with the caller's expectation and the actual revision", () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 'policy-1', expected: 1n, current: 2n });
    const mapped = toPortError(error, 'policy-1', 1);
    expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
    expect(mapped).toEqual(new WrongExpectedRevisionError('policy-1', 1, 2));
    expect(mapped).toMatchObject({ stream: 'policy-1', expected: 1, actual: 2 });
  });

  it("reports a missing stream as 'no_stream', and keeps 'no_stream' and 'any' as the caller stated them", () => {
    const missing = new WrongExpectedVersionError(undefined, { streamName: 'policy-2', expected: 0n, current: 'no_stream' });
    expect(toPortError(missing, 'policy-2', 0)).toMatchObject({ name: 'WrongExpectedRevisionError', expected: 0, actual: 'no_stream' });
    const exists = new WrongExpectedVersionError(undefined, { streamName: 'policy-3', expected: 'no_stream', current: 0n });
    expect(toPortError(exists, 'policy-3', 'no_stream')).toMatchObject({ expected: 'no_stream', actual: 0 });
    expect(toPortError(exists, 'policy-3', 'any')).toMatchObject({ expected: 'any', actual: 0 });
  });

  it('maps the server-side form too (gRPC metadata read by convertToCommandError), revisions beyond 2^31 included', () => {
    const converted = convertToCommandError(serviceError('wrong-expected-version', { 'stream-name': 'limit-9', 'expected-version': '4', 'actual-version': '3000000000' }));
    expect(converted).toBeInstanceOf(WrongExpectedVersionError);
    expect(isWrongExpectedVersion(converted)).toBe(true);
    expect(toPortError(converted, 'limit-9', 4)).toEqual(new WrongExpectedRevisionError('limit-9', 4, 3_000_000_000));
    const noStream = convertToCommandError(serviceError('wrong-expected-version', { 'stream-name': 'limit-9', 'expected-version': '4' }));
    expect(toPortError(noStream, 'limit-9', 4)).toMatchObject({ actual: 'no_stream' });
  });

  it('leaves every other error as it is', () => {
    const others = [new StreamNotFoundError(undefined, 'x'), new UnavailableError(), new Error('boom'), 'text'];
    for (const other of others) expect(toPortError(other, 'x', 0)).toBe(other);
  });

  it("recognises the client's stream-not-found and stream-deleted errors, however they were built", () => {
    // ReadStream builds it with null while iterating; convertToCommandError builds it from gRPC metadata.
    expect(isStreamNotFound(new StreamNotFoundError(null as never, 'policy-1'))).toBe(true);
    expect(isStreamNotFound(convertToCommandError(serviceError('stream-not-found', { 'stream-name': 'policy-1' })))).toBe(true);
    expect(isStreamNotFound(new UnavailableError())).toBe(false);
    expect(isStreamNotFound(undefined)).toBe(false);
    expect(isStreamDeleted(StreamDeletedError.fromStreamName('policy-1'))).toBe(true);
    expect(isStreamDeleted(new StreamNotFoundError(undefined, 'policy-1'))).toBe(false);
  });

  it('resubscribes after transport trouble and stops on refusals and unreadable data', () => {
    for (const drop of [new UnavailableError(), new CancelledError(), new DeadlineExceededError(), new UnknownError(), new EventStoreTimeoutError('subscribe', 10), new Error('EventStoreDB ended the subscription')]) {
      expect(isRetryableDrop(drop)).toBe(true);
    }
    for (const refusal of [new AccessDeniedError(), new InvalidArgumentError('bad filter'), StreamDeletedError.fromStreamName('s'), new EventStoreDataError('not ours'), new EventStoreClosedError()]) {
      expect(isRetryableDrop(refusal)).toBe(false);
    }
  });

  it('says in one line why the start-up check failed, without the connection string', () => {
    expect(describeUnavailable(new EventStoreTimeoutError('connection check', 3_000), 3_000)).toMatch(/no answer within 3000 ms .*tls=/);
    expect(describeUnavailable(new AccessDeniedError(), 3_000)).toMatch(/refused to read \$all/);
    const refused = convertToCommandError(Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: status.UNAVAILABLE, details: 'No connection established', metadata: new Metadata() }));
    expect(refused).toBeInstanceOf(UnavailableError);
    expect(describeUnavailable(refused, 3_000)).toBe('EventStoreDB is not reachable: 14 UNAVAILABLE: No connection established');
    const withNote = Object.assign(new Error('14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1. Resolution note: '), { type: 'unavailable' });
    expect(describeUnavailable(withNote, 3_000)).toBe('EventStoreDB is not reachable: 14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1');
  });
});
