export * from './projection';
export * from './projector';
export type { Lag, ProjectionState, ProjectionStatus, RebuildProgress } from './projection-status';
export * from './nest';
