/** JSON shapes of studies and runs for the API, the live view and the pages. */
import type { RunTableRow } from '@/db/queries/studies';
import type { ExternalProvenance, Run, Study } from '@/db/schema';

export type StudyStatus = 'waiting' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'partial';

export function studyStatus(runs: Pick<Run, 'status'>[]): StudyStatus {
  if (runs.some((r) => r.status === 'running')) return 'running';
  if (runs.some((r) => r.status === 'queued' || r.status === 'waiting')) return 'waiting';
  if (runs.every((r) => r.status === 'succeeded')) return 'succeeded';
  if (runs.every((r) => r.status === 'cancelled')) return 'cancelled';
  if (runs.some((r) => r.status === 'succeeded')) return 'partial';
  return 'failed';
}

export interface RunView {
  id: string;
  kind: Run['kind'];
  variant: string;
  methodId: string | null;
  methodConfig: Record<string, unknown> | null;
  seed: number;
  requestIndex: number;
  status: Run['status'];
  phase: string;
  progress: number;
  progressDetail: Record<string, unknown>;
  attempt: number;
  workerId: string | null;
  reused: boolean;
  reusedFromRunId: string | null;
  error: string | null;
  queuedAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  dependsOn: string[];
  /** Provenance of an uploaded (external) run; null for runs Lethe computed. */
  external: ExternalProvenance | null;
  metrics?: Record<string, unknown> | null;
}

/** A full run, or the slimmer row of the study page's table (the columns runView reads). */
export function runView(run: RunTableRow, withMetrics = true): RunView {
  return {
    id: run.id,
    kind: run.kind,
    variant: run.variant,
    methodId: run.methodId,
    methodConfig: run.methodConfig,
    seed: run.seed,
    requestIndex: run.requestIndex,
    status: run.status,
    phase: run.phase,
    progress: run.progress,
    progressDetail: run.progressDetail,
    attempt: run.attempt,
    workerId: run.workerId,
    reused: run.reusedFromRunId !== null,
    reusedFromRunId: run.reusedFromRunId,
    error: run.error,
    queuedAt: run.queuedAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    dependsOn: run.dependsOn,
    external: run.external,
    ...(withMetrics ? { metrics: run.metrics } : {}),
  };
}

export function studyView(study: Study, runs: Run[], withMetrics = true) {
  return {
    id: study.id,
    teamId: study.teamId,
    name: study.name,
    description: study.description,
    scenarioId: study.scenarioId,
    datasetId: study.datasetId,
    datasetVersionId: study.datasetVersionId,
    modelSpec: study.modelSpec,
    recipe: study.recipe,
    seeds: study.seeds,
    methods: study.methods,
    validation: study.validation,
    external: study.external,
    status: studyStatus(runs),
    reviewStatus: study.reviewStatus,
    reproducedFrom: study.reproducedFrom,
    createdAt: study.createdAt,
    finishedAt: study.finishedAt,
    summary: study.summary,
    runs: runs.map((r) => runView(r, withMetrics)),
  };
}
