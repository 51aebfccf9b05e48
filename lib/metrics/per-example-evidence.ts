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

/** The retrained models sorted by seed, split into two halves of equal size (the floor's split). */
function retrainHalves(retrained: readonly SeededOutputs[]): [SeededOutputs[], SeededOutputs[]] {
  const sorted = [...retrained].sort((a, b) => a.seed - b.seed);
  const half = Math.floor(sorted.length / 2);
  return [sorted.slice(0, half), sorted.slice(half, 2 * half)];
}

/** Keys models 0..n-1 so that two lists pair position by position (U-LiRA pairs by seed). */
const byPosition = (models: readonly SeededOutputs[]) => models.map((m, i) => ({ seed: i, outputs: m.outputs }));

/**
 * The noise floor: the retrained models split by seed into two halves, the first half playing
 * "unlearned". Each side has only N/2 models, so the floor is itself noisy; U-LiRA needs 6
 * retrained models (3 pairs) and KLoM 4.
 */
export function retrainNoiseFloor(retrained: readonly SeededOutputs[]): PerExampleEvidence {
  const [first, second] = retrainHalves(retrained);
  return perExampleEvidence(byPosition(first), byPosition(second));
}

/** U-LiRA and KLoM of a group at the noise floor's size (see matchedToFloor). */
export interface MatchedEvidence {
  /** Models per side in each comparison: half the retrained models, as in the floor. */
  modelsPerSide: number;
  uLiraAuc: number | null;
  uLiraTprAtLowFpr: number | null;
  klomP95: Partial<Record<PerExampleSplitName, number>>;
}

const meanOf = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/**
 * A group (a method's models, or the originals) against retrain at the size of the noise floor.
 * Both statistics depend on how many models each side has: KLoM's histogram of 4 models over 20
 * bins leaves most bins empty (each empty bin scores log(1/ε)), so KLoM falls as N grows, and
 * U-LiRA's Gaussians fit better with more seeds. The floor has N/2 models per side, so a group
 * read at N per side beside it is not comparable (seen: 8 originals against 8 retrains scored
 * KLoM p95 8.8 on a 2% random forget set, the floor 10.5). Here the retrained models are split
 * into the floor's two halves; the group's models of the first half's seeds are compared with the
 * second half and the other way round, and each statistic is the mean of the two comparisons.
 * Null when fewer than 4 retrained models or no group model on either half's seeds.
 */
export function matchedToFloor(group: readonly SeededOutputs[], retrained: readonly SeededOutputs[]): MatchedEvidence | null {
  const [first, second] = retrainHalves(retrained);
  if (first.length < 2) return null;
  const onSeeds = (half: SeededOutputs[]) => {
    const seeds = new Set(half.map((m) => m.seed));
    return group.filter((m) => seeds.has(m.seed)).sort((a, b) => a.seed - b.seed);
  };
  const crossings = [
    [onSeeds(first), second],
    [onSeeds(second), first],
  ].filter(([g]) => g.length > 0);
  if (crossings.length === 0) return null;
  const results = crossings.map(([g, r]) => {
    const n = Math.min(g.length, r.length);
    return perExampleEvidence(byPosition(g.slice(0, n)), byPosition(r.slice(0, n)));
  });
  const klomP95: MatchedEvidence['klomP95'] = {};
  for (const s of SPLITS) {
    const value = meanOf(results.flatMap((e) => (e.klom[s] ? [e.klom[s].percentiles.p95] : [])));
    if (value !== null) klomP95[s] = value;
  }
  return {
    modelsPerSide: first.length,
    uLiraAuc: meanOf(results.flatMap((e) => (e.uLira ? [e.uLira.auc] : []))),
    uLiraTprAtLowFpr: meanOf(results.flatMap((e) => (e.uLira ? [e.uLira.tprAtLowFpr] : []))),
    klomP95,
  };
}
