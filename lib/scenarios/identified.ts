/**
 * Corrective unlearning: in real incidents only part of the poison is found. The identified
 * share is what the unlearning method is told to forget; the rest stays, still poisoned, in
 * the retain set (Goel et al. 2024).
 */
import { pickShare } from './sample';

export function pickIdentifiedRows(poisonedRows: Int32Array, identifiedFraction: number, seed: number): Int32Array {
  if (identifiedFraction >= 1) return poisonedRows.slice();
  return pickShare(poisonedRows, identifiedFraction, seed, 'identified');
}
