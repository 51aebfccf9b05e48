/**
 * Normalised weight distance between an unlearned model θu and the retrained model θr:
 *     d = sqrt( Σ ‖θu − θr‖² / Σ ‖θu‖² ),
 * sums over all tensors (the reference note's form; the L2 distance between unlearned and
 * retrained parameters is reported e.g. by Wu, Dobriban & Davidson 2020, "DeltaGrad: rapid
 * retraining of machine learning models"). It is only meaningful between
 * models that share a seed (same initialisation): models from different seeds sit in different
 * basins and far apart even when they compute the same function. 0 = identical weights.
 */
import type { FlatWeights } from './types';

function asList(w: FlatWeights): readonly Float32Array[] {
  return w instanceof Float32Array ? [w] : w;
}

export interface WeightDistanceResult {
  /** sqrt(Σ‖θu − θr‖² / Σ‖θu‖²), ≥ 0. */
  normalizedDistance: number;
  /** sqrt(Σ‖θu − θr‖²), the raw L2 distance. */
  distance: number;
  parameterCount: number;
}

/** Normalised L2 distance of weights `model` (θu) to `reference` (θr), tensor by tensor. */
export function weightDistance(model: FlatWeights, reference: FlatWeights): WeightDistanceResult {
  const a = asList(model), b = asList(reference);
  if (a.length !== b.length) throw new Error(`${a.length} weight tensors vs ${b.length}`);
  let diff = 0, norm = 0, count = 0;
  for (let t = 0; t < a.length; t++) {
    if (a[t].length !== b[t].length) throw new Error(`tensor ${t}: ${a[t].length} vs ${b[t].length} values`);
    for (let i = 0; i < a[t].length; i++) {
      const d = a[t][i] - b[t][i];
      diff += d * d;
      norm += a[t][i] * a[t][i];
    }
    count += a[t].length;
  }
  if (count === 0) throw new Error('weight distance of empty weights is undefined');
  if (norm === 0) throw new Error('weight distance is undefined when the model weights are all zero');
  if (!Number.isFinite(diff) || !Number.isFinite(norm)) throw new Error('weights contain non-finite values');
  return { normalizedDistance: Math.sqrt(diff / norm), distance: Math.sqrt(diff), parameterCount: count };
}
