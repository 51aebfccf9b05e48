/**
 * Sequential deletion requests: a method applied to a series of cumulative forget sets
 * (request k forgets F_k ⊇ F_{k−1}), each step starting from the previous step's model and
 * artifacts. Exact methods handle it naturally (retrain: retain = train \ F_k; SISA: only
 * rows still in a shard trigger retraining); Amnesiac and certified removal keep in their
 * artifacts what was already removed, so nothing is subtracted or removed twice.
 */
import { disposeTensorSet, type TensorSet } from '../ml/tensor-set';
import { subsetByPositions } from './common';
import { parseMethodConfig, type UnlearningArtifacts, type UnlearningInput, type UnlearningMethod, type UnlearningResult } from './contract';
import type { Predictor } from './predictor';

export interface SequentialOptions {
  method: UnlearningMethod;
  /** Raw config (validated here). */
  config: unknown;
  /** Every training row (retain ∪ forget of every request). */
  train: TensorSet;
  /** Cumulative forget row ids per request. */
  requests: readonly Int32Array[];
  base: Omit<UnlearningInput<unknown>, 'retain' | 'forget' | 'config'>;
  /** Called after each request with that step's sets (valid only during the call), e.g. for metrics. */
  afterRequest?(index: number, result: UnlearningResult, sets: { retain: TensorSet; forget: TensorSet }): Promise<void> | void;
}

export interface SequentialStep {
  /** The model after this request; the caller owns it. */
  result: UnlearningResult;
  forgetRows: Int32Array;
}

export async function runSequentialRequests(options: SequentialOptions): Promise<SequentialStep[]> {
  const config = parseMethodConfig(options.method, options.config);
  const steps: SequentialStep[] = [];
  let current: Predictor = options.base.original;
  let artifacts: UnlearningArtifacts = options.base.context.artifacts;
  let previous: Set<number> = new Set();
  for (const [index, rows] of options.requests.entries()) {
    const forgetSet = new Set(rows);
    for (const id of previous) if (!forgetSet.has(id)) throw new Error(`request ${index} does not contain row ${id} forgotten earlier: requests must be cumulative`);
    const forgetPositions: number[] = [];
    const retainPositions: number[] = [];
    options.train.rowIds.forEach((id, position) => (forgetSet.has(id) ? forgetPositions : retainPositions).push(position));
    const retain = subsetByPositions(options.train, Int32Array.from(retainPositions));
    const forget = subsetByPositions(options.train, Int32Array.from(forgetPositions));
    try {
      const result = await options.method.run({
        ...options.base,
        original: current,
        retain,
        forget,
        config,
        context: { ...options.base.context, artifacts, random: options.base.context.random.fork(`request:${index}`) },
      });
      steps.push({ result, forgetRows: Int32Array.from(rows) });
      await options.afterRequest?.(index, result, { retain, forget });
      current = result.model;
      artifacts = result.artifacts ?? artifacts;
      previous = forgetSet;
    } finally {
      disposeTensorSet(retain);
      disposeTensorSet(forget);
    }
  }
  return steps;
}
