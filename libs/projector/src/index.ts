export * from './projection';
export * from './projector';
export * from './process-runner';
export type { Lag, ProjectionState, ProjectionStatus, RebuildProgress } from './projection-status';
export * from './nest';
