/**
 * The verdict of a study: which unlearning methods come closest to retraining, decided once,
 * here, from the runs' stored scalars, so the dashboard, a comparison, the share page and the
 * deletion report all say the same thing about the same study. Pure: runs in, verdict out.
 *
 * The rule (VERDICT_RULE states it in words on every page that shows a verdict):
 * - Every condition is measured against the retrained model of the same seed (gap per seed,
 *   |method_s − retrain_s|, averaged over the seeds that have both), never against an original.
 * - Null: the original model (doing nothing), measured the same way. Noise floor: retrain
 *   against retrain, the mean |retrain_s − retrain_t| over all pairs of seeds s < t; a perfect
 *   method's gap is about this large, since its model and the retrain of its seed are two
 *   different training runs.
 * - A metric has power only where the original is distinguishable from retrain on it: its null
 *   gap exceeds twice the noise floor (and the metric's resolution), and for an attack AUC the
 *   attack separates the original's members (AUC outside 0.45-0.55). No badge on a metric
 *   without power; the page says so.
 * - A method can be named only if its forget-set behaviour is near retrain (forget accuracy and
 *   attack AUC within a stated tolerance or twice the noise floor, whichever is larger), it loses
 *   at most 1 point (or twice the noise floor) of test accuracy against retrain, and it is closer to
 *   retrain than doing nothing by more than the noise floor on the criterion's metric. So a
 *   method that does nothing never gets a badge, whatever it wins.
 * - A study whose original is within a few points of chance accuracy gives no badge at all:
 *   every gap to retrain is then a comparison of two models that learned nothing.
 */
import { STANDARD_GAP_KEYS } from '@/lib/metrics/gaps';
import { configKey, statOf, type ResultRunInput, type Stat } from './aggregate';
import { AVERAGE_GAP_KEY, FORGET_QUALITY_KEY, metricInfo, type ScenarioCategory } from './catalogue';
import { formatGap, formatInterval, formatValue } from './format';

/** A metric's label inside a sentence: "Forget accuracy" -> "forget accuracy", "MIA AUC (loss)" stays. */
export function inSentence(label: string): string {
  return /^[A-Z]{2}/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

/** What the verdict reads of a run: its identity in the study and its scalar metrics. */
export type VerdictRun = Pick<ResultRunInput, 'studyId' | 'kind' | 'variant' | 'methodId' | 'methodConfig' | 'seed' | 'requestIndex' | 'status' | 'external'> & {
  scalars: Readonly<Record<string, number | null | undefined>> | null | undefined;
};

export interface VerdictMethodSummary {
  methodId: string;
  config: Record<string, unknown> | null;
  requestIndex: number;
  distinguishability: { numModels: number; epsilonCeiling: number; forgetQuality: number } | null;
}

export interface VerdictStudy {
  id: string;
  category: ScenarioCategory | null;
  /** Number of classes, for the near-chance check (0 or undefined: unknown). */
  numClasses?: number;
  /** Per-method distinguishability (study summary) and, when computed, the original's (the null). */
  summary?: {
    methods?: VerdictMethodSummary[];
    originals?: Array<{ requestIndex: number; distinguishability: { forgetQuality: number | null; numModels: number } | null }>;
  } | null;
}

export interface MetricCheck {
  key: string;
  label: string;
  /** Means over seeds. */
  retrain: number | null;
  original: number | null;
  /** Mean |original_s − retrain_s| over seeds with both. */
  nullGap: number | null;
  /** Mean |retrain_s − retrain_t| over pairs of seeds; null with one retrain seed. */
  noiseFloor: number | null;
  pairs: number;
  /** The smallest difference the page treats as real for this metric. */
  resolution: number;
  hasPower: boolean;
  /** Why the metric cannot tell doing nothing from retraining here; null when it can. */
  noPower: string | null;
}

export interface MethodVerdict {
  key: string;
  methodId: string;
  config: Record<string, unknown> | null;
  requestIndex: number;
  /** Seeds compared with a retrain of the same seed. */
  seeds: number;
  /** The retrain it is measured against: 'retrain', or its own variant's, e.g. 'retrain (certified)'. */
  reference: string;
  /** The gap to the retrain of the same seed over seeds, for the metrics the rule reads (criteria, forget set, test accuracy, average gap). */
  gaps: Record<string, Stat>;
  /** Values over seeds of the same metrics. */
  values: Record<string, Stat>;
  /** Mean (retrain_s − method_s) test accuracy: positive = the method lost accuracy. */
  testAccuracyLoss: number | null;
  /** Why the method cannot be named (forget behaviour far from retrain, utility loss); empty when it can. */
  disqualified: string[];
}

export interface VerdictCriterion {
  id: string;
  /** The criterion in words, e.g. "smallest average gap to retrain". */
  statement: string;
  metricKey: string;
  useGap: boolean;
  sense: 'min' | 'max';
  /** Method keys named closest (the best and those whose intervals overlap its interval). */
  winners: string[];
  sentence: string;
}

export interface StudyVerdict {
  studyId: string;
  category: ScenarioCategory | null;
  /** The request judged: the last one (requests are cumulative, the last removes everything). */
  requestIndex: number;
  retrainSeeds: number[];
  metrics: MetricCheck[];
  methods: MethodVerdict[];
  criteria: VerdictCriterion[];
  /** Union of the criteria's winners: the rows that get a "closest" badge. */
  closest: string[];
  /** Study-wide statements (near-chance original, missing retrain). */
  warnings: string[];
}

/** Forget-set behaviour: stated tolerances (a larger noise floor widens them to twice the floor). */
export const FORGET_TOLERANCE: Record<string, number> = { 'accuracy.forget': 0.05, 'mia.loss.auc': 0.05 };
/** At most this much test accuracy lost against retrain (or twice the noise floor, if larger). */
export const TEST_ACCURACY_TOLERANCE = 0.01;
/** An attack whose AUC on the original is in this band cannot tell the original's members apart. */
export const NO_SIGNAL_AUC: readonly [number, number] = [0.45, 0.55];
/** Original test accuracy within this of chance (1 / classes): the study learned nothing. */
export const NEAR_CHANCE = 0.05;
/** Forget quality must beat the original's by this much to count. */
const FORGET_QUALITY_RESOLUTION = 0.1;

export const VERDICT_RULE =
  'How "closest to retrain" is decided: every comparison is with the retrained model of the same seed. ' +
  'A method is named only if (1) its behaviour on the forget set is near retrain: forget accuracy within 5 points and loss-attack AUC within 0.05 of retrain, or within twice the noise floor where that is larger; ' +
  '(2) it loses at most 1 point of test accuracy against retrain (or twice the noise floor, if larger); ' +
  '(3) on the criterion\'s metric it is closer to retrain than the original model (doing nothing) by more than the noise floor; and ' +
  '(4) the metric has power here: the original differs from retrain by more than twice the noise floor (retrain against retrain across pairs of seeds), and an attack must separate the original\'s members (AUC outside 0.45-0.55). ' +
  'The original is never a candidate, and a study whose original is within 5 points of chance accuracy gets no badge. Methods whose 95% intervals overlap the best one\'s are named with it.';

function resolutionOf(key: string): number {
  return key === FORGET_QUALITY_KEY ? FORGET_QUALITY_RESOLUTION : 0.01;
}

export function methodKey(methodId: string | null, config: Record<string, unknown> | null, requestIndex: number): string {
  return `${methodId}:${configKey(config)}:r${requestIndex}`;
}

function mean(xs: readonly number[]): number | null {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

function num(x: number | null | undefined): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

/** Scalars of a run plus the derived average gap placeholder (computed per pair). */
type Scalars = Readonly<Record<string, number | null | undefined>>;

/** Per-seed gaps of `model` to `reference` for every key both have, and their average over the standard set. */
function pairGaps(model: Scalars, reference: Scalars, keys: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) {
    const a = num(model[k]), b = num(reference[k]);
    if (a !== null && b !== null) out[k] = Math.abs(a - b);
  }
  const std = STANDARD_GAP_KEYS.filter((k) => k in out);
  if (std.length) out[AVERAGE_GAP_KEY] = std.reduce((s, k) => s + out[k], 0) / std.length;
  return out;
}

export interface CriterionSpec {
  id: string;
  statement: string;
  metricKey: string;
  useGap: boolean;
  sense: 'min' | 'max';
}

/** The category's criteria that the data supports, most important first. */
export function criteriaFor(category: ScenarioCategory | null, available: readonly string[]): CriterionSpec[] {
  const has = (k: string) => available.includes(k);
  const out: CriterionSpec[] = [];
  if (has(AVERAGE_GAP_KEY)) out.push({ id: 'average-gap', statement: 'smallest average gap to retrain (forget, retain and test accuracy and membership score)', metricKey: AVERAGE_GAP_KEY, useGap: false, sense: 'min' });
  switch (category) {
    case 'privacy':
      if (has(FORGET_QUALITY_KEY)) out.push({ id: 'forget-quality', statement: 'best forget quality (distinguishability from retraining)', metricKey: FORGET_QUALITY_KEY, useGap: false, sense: 'max' });
      if (has('mia.loss.auc')) out.push({ id: 'mia-auc', statement: 'smallest gap to retrain in membership-inference AUC', metricKey: 'mia.loss.auc', useGap: true, sense: 'min' });
      break;
    case 'security':
      if (has('backdoor.attackSuccessRate')) out.push({ id: 'backdoor', statement: 'lowest backdoor attack success', metricKey: 'backdoor.attackSuccessRate', useGap: false, sense: 'min' });
      else if (has('accuracy.forget')) out.push({ id: 'poison-acc', statement: 'smallest gap to retrain in accuracy on the poisoned rows', metricKey: 'accuracy.forget', useGap: true, sense: 'min' });
      break;
    case 'fidelity': {
      const fair = available.find((k) => /^fairness\.test\..+\.accuracyGap$/.test(k));
      if (fair) out.push({ id: 'group-gap', statement: `smallest ${inSentence(metricInfo(fair).label)}`, metricKey: fair, useGap: false, sense: 'min' });
      break;
    }
    case 'usability':
    default:
      if (has('accuracy.forget')) out.push({ id: 'forget-acc', statement: 'smallest forget-accuracy gap to retrain', metricKey: 'accuracy.forget', useGap: true, sense: 'min' });
  }
  return out;
}

function show(key: string, useGap: boolean, x: number): string {
  return useGap ? formatGap(key, x) : formatValue(key, x);
}

function listNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function overlaps(a: Stat, b: Stat): boolean {
  if (a.ciLow === null || a.ciHigh === null || b.ciLow === null || b.ciHigh === null) return a.mean === b.mean;
  return a.ciLow <= b.ciHigh && b.ciLow <= a.ciHigh;
}

/**
 * The verdict of one study from its runs (other studies' runs are ignored), judged on its last
 * request. `labels` names method keys for sentences (method name and, where needed, config).
 */
export function studyVerdict(study: VerdictStudy, allRuns: readonly VerdictRun[], labels: (m: { methodId: string; config: Record<string, unknown> | null; key: string }) => string): StudyVerdict {
  const runs = allRuns.filter((r) => r.studyId === study.id && r.status === 'succeeded' && r.scalars);
  const requestIndex = Math.max(0, ...runs.filter((r) => r.kind !== 'original').map((r) => r.requestIndex));
  // The plain retrains give the null and the noise floor; a method with a retrain of its own
  // variant (certified removal: the same perturbed objective on the retain set) is measured
  // against that one.
  const allRetrains = runs.filter((r) => r.kind === 'retrain' && r.requestIndex === requestIndex);
  const retrains = allRetrains.filter((r) => r.variant === 'standard').sort((a, b) => a.seed - b.seed);
  const retrainBySeed = new Map(retrains.map((r) => [r.seed, r.scalars as Scalars]));
  const referenceFor = (m: VerdictRun): Map<number, Scalars> => {
    // an uploaded method scored against Lethe's retrain is judged against it, as its metrics were
    if (m.variant === 'standard' || m.external?.reference === 'lethe-retrain') return retrainBySeed;
    const own = allRetrains.filter((r) => r.variant === m.variant && configKey(r.methodConfig) === configKey(m.methodConfig));
    return own.length ? new Map(own.map((r) => [r.seed, r.scalars as Scalars])) : retrainBySeed;
  };
  // The original every method of this request starts from: the standard variant (request 0's
  // original is the same model for every request: requests only change what is forgotten).
  const originals = runs.filter((r) => r.kind === 'original' && r.variant === 'standard');
  const methodsRuns = runs.filter((r) => r.kind === 'unlearned' && r.requestIndex === requestIndex);
  const warnings: string[] = [];

  const keySet = new Set<string>();
  for (const r of retrains) for (const [k, v] of Object.entries(r.scalars ?? {})) if (num(v) !== null && metricInfo(k).hasGap) keySet.add(k);
  const gapKeys = [...keySet].sort();

  // Noise floor: retrain against retrain over pairs of seeds.
  const pairGapList: Array<Record<string, number>> = [];
  for (let i = 0; i < retrains.length; i++) for (let j = i + 1; j < retrains.length; j++) pairGapList.push(pairGaps(retrains[i].scalars as Scalars, retrains[j].scalars as Scalars, gapKeys));
  // Null: the original against the retrain of its seed.
  const nullGapList = originals.map((o) => (retrainBySeed.has(o.seed) ? pairGaps(o.scalars as Scalars, retrainBySeed.get(o.seed) as Scalars, gapKeys) : null)).filter((g): g is Record<string, number> => g !== null);

  const metricKeys = gapKeys.length && STANDARD_GAP_KEYS.some((k) => keySet.has(k)) ? [...gapKeys, AVERAGE_GAP_KEY] : gapKeys;
  const metrics: MetricCheck[] = metricKeys.map((key) => {
    const values = (rs: VerdictRun[]) => mean(rs.map((r) => num(r.scalars?.[key])).filter((x): x is number => x !== null));
    const floors = pairGapList.map((g) => g[key]).filter((x): x is number => x !== undefined);
    const nulls = nullGapList.map((g) => g[key]).filter((x): x is number => x !== undefined);
    const noiseFloor = mean(floors);
    const nullGap = mean(nulls);
    const resolution = resolutionOf(key);
    const original = key === AVERAGE_GAP_KEY ? nullGap : values(originals);
    const retrain = key === AVERAGE_GAP_KEY ? 0 : values(retrains);
    let noPower: string | null = null;
    const label = metricInfo(key).label;
    if (nullGap === null) noPower = 'there is no original and retrain of the same seed to compare, so no null';
    else if (/^mia\..*\.auc$/.test(key) && original !== null && original >= NO_SIGNAL_AUC[0] && original <= NO_SIGNAL_AUC[1]) {
      noPower = `the attack cannot tell the original's members apart either (AUC ${original.toFixed(3)} on the original, within ${NO_SIGNAL_AUC[0]}-${NO_SIGNAL_AUC[1]})`;
    } else if (nullGap <= Math.max(2 * (noiseFloor ?? 0), resolution)) {
      noPower =
        noiseFloor === null
          ? `the original differs from retrain by only ${formatGap(key, nullGap)} (one retrain seed: no noise floor)`
          : `the original (doing nothing) differs from retrain by ${formatGap(key, nullGap)}, within twice the noise floor of ${formatGap(key, noiseFloor)} (retrain against retrain, ${floors.length} pair${floors.length === 1 ? '' : 's'} of seeds)`;
    }
    return { key, label, retrain, original, nullGap, noiseFloor, pairs: floors.length, resolution, hasPower: noPower === null, noPower };
  });
  const check = new Map(metrics.map((m) => [m.key, m]));

  // Forget quality: one value per method over all seeds; its null is the original's score.
  const originalFq = study.summary?.originals?.find((o) => o.requestIndex === requestIndex)?.distinguishability?.forgetQuality ?? null;
  const fqMethods = (study.summary?.methods ?? []).filter((m) => m.requestIndex === requestIndex && m.distinguishability);
  const anyFq = fqMethods.length > 0;
  // With N = 2 models per side the ε ceiling is 0 and every example scores 0, whatever the method did.
  const fqCeilingZero = anyFq && fqMethods.every((m) => (m.distinguishability?.epsilonCeiling ?? 0) === 0);
  if (anyFq) {
    metrics.push({
      key: FORGET_QUALITY_KEY,
      label: metricInfo(FORGET_QUALITY_KEY).label,
      retrain: null,
      original: originalFq,
      nullGap: null,
      noiseFloor: null,
      pairs: 0,
      resolution: FORGET_QUALITY_RESOLUTION,
      hasPower: !fqCeilingZero && originalFq !== null && originalFq < 1 - FORGET_QUALITY_RESOLUTION,
      noPower: fqCeilingZero
        ? `it is not computable with N = ${fqMethods[0].distinguishability?.numModels ?? 2} models per side (ε ceiling 0: every score is 0); run at least 3 seeds`
        : originalFq === null
          ? "the original's forget quality is not computed for this study, so there is no null to beat"
          : originalFq >= 1 - FORGET_QUALITY_RESOLUTION
            ? `the original (doing nothing) already scores ${originalFq.toFixed(3)}: the score cannot tell it from retraining`
            : null,
    });
    check.set(FORGET_QUALITY_KEY, metrics[metrics.length - 1]);
  }

  // The criteria, and the statistics the rule reads (the table has the rest): each criterion's
  // metric, the forget-set tolerances' metrics, test accuracy and the average gap.
  const available = [...metricKeys, ...(anyFq ? [FORGET_QUALITY_KEY] : []), ...gapKeys];
  const specs = criteriaFor(study.category, available);
  const needed = new Set([...specs.map((c) => c.metricKey), ...Object.keys(FORGET_TOLERANCE), 'accuracy.test', 'accuracy.forget', AVERAGE_GAP_KEY]);

  // Methods.
  const groups = new Map<string, VerdictRun[]>();
  for (const r of methodsRuns) {
    const key = methodKey(r.methodId, r.methodConfig, r.requestIndex);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const methods: MethodVerdict[] = [...groups.entries()].map(([key, group]) => {
    const reference = referenceFor(group[0]);
    const refName = reference === retrainBySeed ? 'retrain' : `its matching retrain (${group[0].variant})`;
    const paired = group.filter((r) => reference.has(r.seed));
    const perSeed = paired.map((r) => pairGaps(r.scalars as Scalars, reference.get(r.seed) as Scalars, gapKeys));
    const gaps: Record<string, Stat> = {};
    for (const k of metricKeys) {
      if (!needed.has(k)) continue;
      const xs = perSeed.map((g) => g[k] ?? null);
      if (xs.some((x) => x !== null)) gaps[k] = statOf(xs, k, k !== AVERAGE_GAP_KEY);
    }
    const values: Record<string, Stat> = {};
    for (const k of gapKeys) if (needed.has(k)) values[k] = statOf(group.map((r) => num(r.scalars?.[k])), k);
    values[AVERAGE_GAP_KEY] = gaps[AVERAGE_GAP_KEY] ?? statOf([], AVERAGE_GAP_KEY);
    const fq = (study.summary?.methods ?? []).find((m) => m.methodId === group[0].methodId && m.requestIndex === requestIndex && configKey(m.config) === configKey(group[0].methodConfig))?.distinguishability;
    if (fq) values[FORGET_QUALITY_KEY] = { n: fq.numModels, mean: fq.forgetQuality, sd: null, halfWidth: null, ciLow: null, ciHigh: null, interval: null, rough: fq.numModels < 5 };
    const losses = paired.map((r) => {
      const a = num(r.scalars?.['accuracy.test']), b = num(reference.get(r.seed)?.['accuracy.test']);
      return a !== null && b !== null ? b - a : null;
    }).filter((x): x is number => x !== null);
    const testAccuracyLoss = mean(losses);
    const disqualified: string[] = [];
    if (paired.length === 0) disqualified.push('no seed of it has a retrain of the same seed to compare with');
    for (const [k, stated] of Object.entries(FORGET_TOLERANCE)) {
      const g = gaps[k]?.mean;
      if (g === null || g === undefined) continue;
      const metric = check.get(k);
      const tolerance = Math.max(stated, 2 * (metric?.noiseFloor ?? 0));
      if (g <= tolerance + 1e-12) continue;
      // Where the metric has no power, a gap past the tolerance still counts (the rule is the same
      // for every metric), and the sentence gives doing nothing's gap beside it, so that a page
      // saying "no power" and excluding a method on that metric does not read as a contradiction.
      const nullGap = metric?.nullGap ?? null;
      const againstNull =
        metric && !metric.hasPower && nullGap !== null
          ? g > nullGap
            ? `; this metric cannot tell doing nothing from retraining, yet the method is farther from retraining than doing nothing, ${formatGap(k, nullGap)}`
            : `; this metric cannot tell doing nothing from retraining, and doing nothing is as far, ${formatGap(k, nullGap)}`
          : '';
      disqualified.push(`its ${inSentence(metricInfo(k).label)} is ${formatGap(k, g)} from ${refName} (tolerance ${formatGap(k, tolerance)}${againstNull}): its forget-set behaviour is far from retraining`);
    }
    if (testAccuracyLoss !== null) {
      const tolerance = Math.max(TEST_ACCURACY_TOLERANCE, 2 * (check.get('accuracy.test')?.noiseFloor ?? 0));
      if (testAccuracyLoss > tolerance + 1e-12) disqualified.push(`it loses ${formatGap('accuracy.test', testAccuracyLoss)} of test accuracy against ${refName} of the same seed (tolerance ${formatGap('accuracy.test', tolerance)})`);
    }
    return { key, methodId: group[0].methodId ?? '', config: group[0].methodConfig, requestIndex, seeds: paired.length, reference: refName, gaps, values, testAccuracyLoss, disqualified };
  });

  // Near chance: every gap compares two models that learned nothing.
  const originalTest = check.get('accuracy.test')?.original ?? null;
  const chance = study.numClasses && study.numClasses > 1 ? 1 / study.numClasses : null;
  const nearChance = originalTest !== null && chance !== null && originalTest <= chance + NEAR_CHANCE;
  if (nearChance) {
    warnings.push(`The original model's test accuracy (${formatValue('accuracy.test', originalTest)}) is within ${NEAR_CHANCE * 100} points of chance (${formatValue('accuracy.test', chance)} for ${study.numClasses} classes): the model has barely learned, so gaps to retrain say little. No badge is given; fix the training recipe first.`);
  }
  if (!retrains.length) warnings.push('No retrained model has finished yet: nothing can be judged against retraining.');

  const criteria: VerdictCriterion[] = specs.map((c) => {
    const base = { id: c.id, statement: c.statement, metricKey: c.metricKey, useGap: c.useGap, sense: c.sense };
    const m = check.get(c.metricKey);
    if (!methods.length) return { ...base, winners: [], sentence: `No method has results yet to compare on the ${c.statement}.` };
    if (nearChance) return { ...base, winners: [], sentence: `No badge for the ${c.statement}: the original model is near chance accuracy.` };
    if (!m || !m.hasPower) return { ...base, winners: [], sentence: `No badge for the ${c.statement}: this metric has no power here — ${m?.noPower ?? 'it has no null or noise floor'}.` };
    const statFor = (v: MethodVerdict): Stat | undefined => (c.useGap ? v.gaps[c.metricKey] : v.values[c.metricKey]);
    const margin = Math.max(m.noiseFloor ?? 0, m.resolution);
    const beatsNull = (v: MethodVerdict): boolean => {
      if (c.metricKey === FORGET_QUALITY_KEY) {
        const fq = v.values[FORGET_QUALITY_KEY]?.mean;
        return fq !== null && fq !== undefined && m.original !== null && fq >= m.original + margin;
      }
      const g = v.gaps[c.metricKey]?.mean;
      return g !== null && g !== undefined && m.nullGap !== null && g < m.nullGap - margin;
    };
    const scored = methods
      .map((v) => ({ v, stat: statFor(v) }))
      .filter((x): x is { v: MethodVerdict; stat: Stat & { mean: number } } => x.stat !== undefined && x.stat.mean !== null)
      .sort((a, b) => (c.sense === 'min' ? a.stat.mean - b.stat.mean : b.stat.mean - a.stat.mean));
    const eligible = scored.filter((x) => x.v.disqualified.length === 0 && beatsNull(x.v));
    if (!eligible.length) {
      const reasons = scored.slice(0, 3).map((x) => {
        const why = x.v.disqualified[0] ?? (c.metricKey === FORGET_QUALITY_KEY ? `its score does not beat the original's ${m.original?.toFixed(3)} by ${margin}` : `it is not closer to retrain than the original (doing nothing) by more than the noise floor`);
        return `${labels({ methodId: x.v.methodId, config: x.v.config, key: x.v.key })}: ${why}`;
      });
      return { ...base, winners: [], sentence: `No method qualifies for the ${c.statement}${reasons.length ? ` (${reasons.join('; ')})` : ''}.` };
    }
    const best = eligible[0];
    const tied = eligible.filter((x, i) => i === 0 || overlaps(x.stat, best.stat));
    const name = (v: MethodVerdict) => labels({ methodId: v.methodId, config: v.config, key: v.key });
    const interval = formatInterval(c.metricKey, best.stat, c.useGap);
    const n = best.stat.n;
    const first = `${name(best.v)} (${show(c.metricKey, c.useGap, best.stat.mean)}${interval ? ` ${interval}` : ''}, ${n} ${c.metricKey === FORGET_QUALITY_KEY ? 'models' : n === 1 ? 'seed' : 'seeds'})`;
    const others = tied.slice(1).map((x) => `${name(x.v)} (${show(c.metricKey, c.useGap, x.stat.mean)})`);
    const beaten = scored.filter((x) => x.v.disqualified.length && (c.sense === 'min' ? x.stat.mean < best.stat.mean : x.stat.mean > best.stat.mean));
    const passedOver = beaten.length ? ` ${listNames(beaten.map((x) => name(x.v)))} score${beaten.length === 1 ? 's' : ''} better on this metric but ${beaten.length === 1 ? 'is' : 'are'} not named: ${beaten[0].v.disqualified[0]}${beaten.length > 1 ? ' (and similar reasons)' : ''}.` : '';
    const sentence = others.length
      ? `Closest to retrain by the ${c.statement}: ${listNames([first, ...others])}; their 95% intervals overlap, so the seeds do not separate them.${passedOver}`
      : `Closest to retrain by the ${c.statement}: ${first}.${passedOver}`;
    return { ...base, winners: tied.map((x) => x.v.key), sentence };
  });

  return {
    studyId: study.id,
    category: study.category,
    requestIndex,
    retrainSeeds: retrains.map((r) => r.seed),
    metrics,
    methods,
    criteria,
    closest: [...new Set(criteria.flatMap((c) => c.winners))],
    warnings,
  };
}
