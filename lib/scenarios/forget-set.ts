/**
 * Resolves a scenario to row sets without hashing (no node:crypto), so the live preview can
 * run anywhere. `resolveScenario` in resolve.ts adds the hash.
 */
import type { DatasetArrays } from '@/lib/data/types';
import { scenarioError } from './errors';
import { pickIdentifiedRows } from './identified';
import { injectPoison } from './poison/inject-poison';
import type { TriggeredTestSet } from './poison/types';
import { buildRequests } from './requests';
import { maskFromRows, rowsInMask, rowsNotInMask, trainingMask } from './row-set';
import { resolveSelector } from './selector';
import { parseScenarioSpec, type ScenarioCategory, type ScenarioSpec, type ScenarioSpecInput } from './spec';

export interface ScenarioResolution {
  category: ScenarioCategory;
  /** The spec after validation (defaults filled in). */
  spec: ScenarioSpec;
  /** Sorted training row ids to forget (for security: the identified poison). */
  forgetRows: Int32Array;
  /** Sorted training row ids not forgotten (includes unidentified poison). */
  retainRows: Int32Array;
  /** The test split, untouched by every scenario. */
  testRows: Int32Array;
  poisoned?: {
    /** Every poisoned training row, sorted. */
    rows: Int32Array;
    /** The identified share, sorted; equals forgetRows. */
    identifiedRows: Int32Array;
  };
  /** What to train on: a poisoned copy for security scenarios, otherwise the input itself. */
  dataset: DatasetArrays;
  /** Backdoor scenarios: triggered test rows for attack-success measurement. */
  triggeredTest?: TriggeredTestSet;
  /** Cumulative forget sets, one per sequential request, each sorted and nested. */
  requests: Int32Array[];
}

export function resolveForgetSet(ds: DatasetArrays, specInput: ScenarioSpecInput): ScenarioResolution {
  const spec = parseScenarioSpec(specInput);
  const train = ds.split.train;
  const testRows = ds.split.test.slice();

  if (spec.category === 'security') {
    const eligible = spec.selector ? resolveSelector(ds, spec.selector, spec.seed) : trainingMask(ds);
    const poison = injectPoison(ds, spec.injection, eligible, spec.seed);
    const identifiedRows = pickIdentifiedRows(poison.rows, spec.identifiedFraction, spec.seed);
    const forgetRows = identifiedRows.slice();
    checkForgetSetSize(forgetRows.length, train.length, 'injection');
    return {
      category: spec.category,
      spec,
      forgetRows,
      retainRows: rowsNotInMask(maskFromRows(ds.rowCount, forgetRows), train),
      testRows,
      poisoned: { rows: poison.rows, identifiedRows },
      dataset: poison.dataset,
      triggeredTest: poison.triggeredTest,
      requests: buildRequests(forgetRows, spec.requests, spec.seed),
    };
  }

  const mask = resolveSelector(ds, spec.selector, spec.seed);
  const forgetRows = rowsInMask(mask, train);
  checkForgetSetSize(forgetRows.length, train.length, 'selector');
  return {
    category: spec.category,
    spec,
    forgetRows,
    retainRows: rowsNotInMask(mask, train),
    testRows,
    dataset: ds,
    requests: buildRequests(forgetRows, spec.requests, spec.seed),
  };
}

/** An empty forget set asks nothing; a full one leaves nothing to retrain on. */
function checkForgetSetSize(forgetCount: number, trainCount: number, field: string): void {
  if (forgetCount === 0) {
    throw scenarioError('selector_empty', field, `matches no training rows (the training split has ${trainCount} rows)`);
  }
  if (forgetCount === trainCount) {
    throw scenarioError('selector_all_training', field,
      `matches all ${trainCount} training rows, leaving nothing to retain; narrow it down`);
  }
}
