/**
 * Lethe's evaluation metrics: pure functions from per-example model outputs (typed arrays) to
 * JSON-ready result objects. See each file for definitions and sources; `evaluateModel` is the
 * aggregator job handlers call, `distinguishability` the study-level metric over N seeds.
 */
export type { FlatWeights, GroupAttribute, SplitOutputs } from './types';
export * from './perExample';
export * from './accuracy';
export * from './groupFairness';
export * from './gaps';
export * from './logisticRegression';
export * from './membershipInference';
export * from './distinguishability';
export * from './divergence';
export * from './weightDistance';
export * from './backdoor';
export * from './relearnTime';
export * from './statistics';
export * from './timing';
export * from './evaluateModel';
