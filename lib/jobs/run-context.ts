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
import { carveValidation, trainingDataHashOf, type ValidationSplit } from '@/lib/studies/validation-split';

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
  validation: ValidationSplit | null;
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
  const validationFraction = study.validation?.fraction ?? null;
  const key = `${scenario.id}:${scenario.forgetSetHash}:${version.hash}:${validationFraction ?? ''}`;
  let pending = resolutions.get(key);
  if (!pending) {
    pending = (async () => {
      const { dataset } = await loadDatasetArrays(version.id);
      const resolved = resolveScenario(dataset, scenario.spec as ScenarioSpec);
      const validation = validationFraction === null ? null : carveValidation(resolved, validationFraction);
      return { resolved, validation, rows: runRowSets(resolved, validation?.rows), data: threadDataset(resolved) };
    })();
    resolutions.set(key, pending);
    pending.catch(() => resolutions.delete(key));
    while (resolutions.size > MAX_RESOLUTIONS) resolutions.delete(resolutions.keys().next().value as string);
  }
  const { resolved, validation, rows, data } = await pending;
  // The study stored the hash of the rows it planned with: a different carve would train on other data.
  if (study.validation && validation?.hash !== study.validation.hash) throw new Error(`the validation split of study ${study.id} no longer carves the rows it was planned with`);
  const trainingDataHash = trainingDataHashOf({ versionHash: version.hash, poisonHash: scenario.category === 'security' ? resolved.forgetSetHash : null, validationHash: validation?.hash ?? null });
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
