export { EsdbEventStore } from './esdb-event-store';
export type { EsdbConnectOptions, EsdbEventStoreOptions } from './esdb-event-store';
export { EsdbPositionError, compareEsdbPositions, decodePosition as decodeEsdbPosition, encodePosition as encodeEsdbPosition } from './esdb-position';
export type { EsdbPosition } from './esdb-position';
export { EventStoreTimeoutError } from './esdb-timeout';
export { EventStoreClosedError, EventStoreConfigError, EventStoreDataError, EventStoreUnavailableError } from './esdb-errors';
