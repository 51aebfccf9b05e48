/**
 * Lethe's evaluation metrics: pure functions from per-example model outputs (typed arrays) to
 * JSON-ready result objects. See each file for definitions and sources; `evaluateModel` is the
 * aggregator job handlers call, `distinguishability` the study-level metric over N seeds.
 */

export type { FlatWeights, GroupAttribute, SplitOutputs } from './types';
export * from './per-example';
export * from './accuracy';
export * from './group-fairness';
export * from './gaps';
export * from './logistic-regression';
export * from './membership-inference';
export * from './membership-population';
export * from './distinguishability';
export * from './divergence';
export * from './weight-distance';
export * from './backdoor';
export * from './relearn-time';
export * from './statistics';
export * from './timing';
export * from './evaluate-model';
export * from './per-example-outputs';
export * from './u-lira';
export * from './klom';
export * from './per-example-evidence';
