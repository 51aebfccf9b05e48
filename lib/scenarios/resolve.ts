import type { DatasetArrays } from '@/lib/data/types';
import { resolveForgetSet, type ScenarioResolution } from './forget-set';
import { hashForgetSet } from './hash';
import type { ScenarioSpecInput } from './spec';

export interface ResolvedScenario extends ScenarioResolution {
  /** sha256 hex of the sorted forget ids and the poisoned rows' values. */
  forgetSetHash: string;
}

/**
 * Resolves a scenario against a dataset version: forget/retain/test rows, the (possibly
 * poisoned) dataset to train on, the triggered test copy for backdoors, the sequential
 * requests and a hash. Deterministic; never modifies `ds`. Throws ScenarioError on bad input.
 */
export function resolveScenario(ds: DatasetArrays, spec: ScenarioSpecInput): ResolvedScenario {
  const resolution = resolveForgetSet(ds, spec);
  return { ...resolution, forgetSetHash: hashForgetSet(resolution) };
}
