import { runs } from '../schema';

/** The columns that say which model a run is: every run listing selects them. */
export const runIdentityColumns = {
  id: runs.id,
  kind: runs.kind,
  variant: runs.variant,
  methodId: runs.methodId,
  methodConfig: runs.methodConfig,
  seed: runs.seed,
  requestIndex: runs.requestIndex,
};

/** Where a run stands: the columns the study page's runs table and the team's jobs list follow. */
export const runProgressColumns = {
  status: runs.status,
  phase: runs.phase,
  progress: runs.progress,
  workerId: runs.workerId,
  reusedFromRunId: runs.reusedFromRunId,
  error: runs.error,
  queuedAt: runs.queuedAt,
  startedAt: runs.startedAt,
  finishedAt: runs.finishedAt,
};
