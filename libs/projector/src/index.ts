export * from './projection';
export * from './projector';
export * from './process-runner';
export * from './follower-projector';
export * from './background';
export * from './lease';
export type { Lag, ProjectionState, ProjectionStatus, RebuildProgress } from './projection-status';
export * from './nest';
