/**
 * Study-level metrics over many models from their stored per-example outputs: U-LiRA on the
 * forget set's φ and KLoM on the margins of the forget, retain and test rows, for one group of
 * models (a method's unlearned models, or the originals as the null baseline) against the
 * retrained models of the same deletion request. Also the noise floor: retrain against retrain,
 * the retrained models split in two halves by seed.
 */
import { klomSplit, type KlomSplitSummary } from './klom';
import type { PerExampleOutputs, PerExampleSplitName } from './per-example-outputs';
import { uLira, type ULiraResult } from './u-lira';

export interface SeededOutputs {
  seed: number;
  outputs: PerExampleOutputs;
}

export interface KlomEvidence extends KlomSplitSummary {
  unlearnedModels: number;
  retrainedModels: number;
}

export interface PerExampleEvidence {
  /** U-LiRA over seeds with both models (N shown with it); null with `uLiraNote` when N < 3. */
  uLira: ULiraResult | null;
  uLiraNote: string | null;
  /** KLoM per split; a split is absent when fewer than 2 models per side have it. */
  klom: Partial<Record<PerExampleSplitName, KlomEvidence>>;
  klomNote: string | null;
  /** Models left out because their rows differ from the retrained models' (e.g. an older run). */
  skippedModels: number;
}

const SPLITS: readonly PerExampleSplitName[] = ['forget', 'retain', 'test'];

function sameRows(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `unlearned` against `retrained` (see the file comment); models are matched by row ids. */
export function perExampleEvidence(unlearnedIn: readonly SeededOutputs[], retrainedIn: readonly SeededOutputs[]): PerExampleEvidence {
  const reference = retrainedIn[0]?.outputs;
  const fits = (m: SeededOutputs) => reference !== undefined && SPLITS.every((s) => sameRows(m.outputs.splits[s].rowIds, reference.splits[s].rowIds));
  const unlearned = unlearnedIn.filter(fits), retrained = retrainedIn.filter(fits);
  const skippedModels = unlearnedIn.length - unlearned.length + retrainedIn.length - retrained.length;

  const retrainedBySeed = new Map(retrained.map((m) => [m.seed, m]));
  const pairs = unlearned.filter((m) => retrainedBySeed.has(m.seed)).sort((a, b) => a.seed - b.seed);
  let uLiraResult: ULiraResult | null = null;
  let uLiraNote: string | null = null;
  if (pairs.length >= 3) {
    uLiraResult = uLira({
      unlearned: pairs.map((m) => m.outputs.splits.forget.phi),
      retrained: pairs.map((m) => (retrainedBySeed.get(m.seed) as SeededOutputs).outputs.splits.forget.phi),
    });
  } else {
    uLiraNote = `U-LiRA needs at least 3 seeds with both models (leave one out); this group has ${pairs.length}.`;
  }

  const klom: PerExampleEvidence['klom'] = {};
  let klomNote: string | null = null;
  if (unlearned.length >= 2 && retrained.length >= 2) {
    for (const s of SPLITS) {
      if (unlearned[0].outputs.splits[s].rowIds.length === 0) continue;
      const { summary } = klomSplit({ unlearned: unlearned.map((m) => m.outputs.splits[s].margin), retrained: retrained.map((m) => m.outputs.splits[s].margin) });
      klom[s] = { ...summary, unlearnedModels: unlearned.length, retrainedModels: retrained.length };
    }
  } else {
    klomNote = `KLoM needs at least 2 models per side; this group has ${unlearned.length} against ${retrained.length} retrained.`;
  }
  return { uLira: uLiraResult, uLiraNote, klom, klomNote, skippedModels };
}

/**
 * The noise floor: the retrained models split by seed into two halves, the first half playing
 * "unlearned". Each side has only N/2 models, so the floor is itself noisy; U-LiRA needs 6
 * retrained models (3 pairs) and KLoM 4.
 */
export function retrainNoiseFloor(retrained: readonly SeededOutputs[]): PerExampleEvidence {
  const sorted = [...retrained].sort((a, b) => a.seed - b.seed);
  const half = Math.floor(sorted.length / 2);
  const first = sorted.slice(0, half), second = sorted.slice(half, 2 * half);
  // Pair the halves position by position (U-LiRA pairs by seed: give each pair one key).
  return perExampleEvidence(
    first.map((m, i) => ({ seed: i, outputs: m.outputs })),
    second.map((m, i) => ({ seed: i, outputs: m.outputs })),
  );
}
