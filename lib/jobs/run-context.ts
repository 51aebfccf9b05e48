/**
 * Everything a job needs about its run, loaded once per run: the study, its scenario resolved
 * against the stored dataset version, the row sets and the dataset the ML threads work on.
 * Resolutions are cached per process (a study's runs share them).
 */
import { findVersionById } from '@/db/queries/datasets';
import { findScenario } from '@/db/queries/scenarios';
import { findStudy } from '@/db/queries/studies';
import type { DatasetVersion, Run, Scenario, Study } from '@/db/schema';
import type { DatasetArrays } from '@/lib/data';
import { loadDatasetArrays } from '@/lib/datasets/dataset-cache';
import { resolveScenario, type ResolvedScenario, type ScenarioSpec } from '@/lib/scenarios';
import { hashOf } from '@/lib/studies/plan';
import { runRowSets, threadDataset, type RunRowSets } from '@/lib/studies/run-inputs';

export interface RunContext {
  study: Study;
  scenario: Scenario;
  version: DatasetVersion;
  resolved: ResolvedScenario;
  rows: RunRowSets;
  /** What the threads load: keyed by a hash so each thread receives it once. */
  threadData: { hash: string; load(): DatasetArrays };
  trainingDataHash: string;
}

interface CachedResolution {
  resolved: ResolvedScenario;
  rows: RunRowSets;
  data: DatasetArrays;
}

const globalCache = globalThis as unknown as { letheResolutions?: Map<string, Promise<CachedResolution>> };
const resolutions = (globalCache.letheResolutions ??= new Map());
const MAX_RESOLUTIONS = 4;

export async function loadRunContext(run: Run): Promise<RunContext> {
  const study = await findStudy(run.studyId);
  if (!study) throw new Error(`study ${run.studyId} of run ${run.id} is gone`);
  const scenario = await findScenario(study.scenarioId);
  if (!scenario) throw new Error(`scenario ${study.scenarioId} of study ${study.id} is gone`);
  const version = await findVersionById(study.datasetVersionId);
  if (!version) throw new Error(`dataset version ${study.datasetVersionId} is gone`);
  const key = `${scenario.id}:${scenario.forgetSetHash}:${version.hash}`;
  let pending = resolutions.get(key);
  if (!pending) {
    pending = (async () => {
      const { dataset } = await loadDatasetArrays(version.id);
      const resolved = resolveScenario(dataset, scenario.spec as ScenarioSpec);
      return { resolved, rows: runRowSets(resolved), data: threadDataset(resolved) };
    })();
    resolutions.set(key, pending);
    pending.catch(() => resolutions.delete(key));
    while (resolutions.size > MAX_RESOLUTIONS) resolutions.delete(resolutions.keys().next().value as string);
  }
  const { resolved, rows, data } = await pending;
  const trainingDataHash = scenario.category === 'security' ? hashOf({ version: version.hash, poison: resolved.forgetSetHash }) : version.hash;
  return {
    study,
    scenario,
    version,
    resolved,
    rows,
    trainingDataHash,
    threadData: { hash: hashOf({ version: version.hash, scenario: resolved.forgetSetHash, rows: data.rowCount }), load: () => data },
  };
}
