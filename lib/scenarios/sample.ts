/** Seeded draws of rows from a sorted candidate list; results stay sorted. */
import { sampleWithoutReplacement } from '@/lib/random';
import { randomFor } from './seeded';

/** `count` of the candidates, drawn from the stream `purpose` of the seed. */
export function pickCount(candidates: Int32Array, count: number, seed: number, purpose: string): Int32Array {
  const picked = sampleWithoutReplacement(candidates.length, count, randomFor(seed, purpose));
  return Int32Array.from(picked, (i) => candidates[i]);
}

/**
 * round(fraction x candidates), at least one: a small share of a small set should still pick
 * something rather than silently produce an empty scenario.
 */
export function pickShare(candidates: Int32Array, fraction: number, seed: number, purpose: string): Int32Array {
  const k = Math.min(candidates.length, Math.max(1, Math.round(fraction * candidates.length)));
  return pickCount(candidates, k, seed, purpose);
}
