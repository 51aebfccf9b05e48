/**
 * What each column of a results table means: label, unit, which direction is better, whether it
 * has a gap to the retrained model, and the category-aware order of key metrics. Pure (the
 * dashboard imports it in the browser too).
 *
 * Metric keys are the flat dotted `scalars` keys of lib/metrics (accuracy.forget, mia.loss.auc,
 * fairness.test.sex.accuracyGap, ...) plus three derived here:
 * - `averageGap`: per seed, the mean of |metric − retrain| over lib/metrics' STANDARD_GAP_KEYS
 *   (forget, retain, test accuracy and the entropy-MIA score), then summarised over seeds;
 * - `distinguishability.forgetQuality` and `distinguishability.finalScore`: from the study's
 *   summary (one value per method configuration over all its seeds, so no interval).
 */
import { NON_GAP_KEY_PREFIXES } from '@/lib/metrics/gaps';
import { TIMED_PHASE } from '@/lib/metrics/timing';

export type ScenarioCategory = 'security' | 'privacy' | 'usability' | 'fidelity';

/** fraction: a share in [0, 1], shown as %; its gaps, and `points` (differences of shares), as percentage points. */
export type MetricUnit = 'fraction' | 'points' | 'number' | 'seconds' | 'ratio' | 'bits';

/**
 * higher / lower: better in that direction on its own; target: no good direction by itself,
 * what matters is the distance to the retrained model (forget accuracy, attack scores).
 */
export type Better = 'higher' | 'lower' | 'target';

export interface MetricInfo {
  key: string;
  label: string;
  unit: MetricUnit;
  better: Better;
  /** Whether the table shows a gap to retrain for it (cost and reference distances have none). */
  hasGap: boolean;
  /** A sentence for the column header's tooltip. */
  help: string;
}

export const AVERAGE_GAP_KEY = 'averageGap';
export const FORGET_QUALITY_KEY = 'distinguishability.forgetQuality';
export const FINAL_SCORE_KEY = 'distinguishability.finalScore';

const SPLIT_WORD: Record<string, string> = { forget: 'Forget', retain: 'Retain', test: 'Test', validation: 'Validation' };

const FIXED: Record<string, Omit<MetricInfo, 'key' | 'hasGap'> & { hasGap?: boolean }> = {
  [AVERAGE_GAP_KEY]: {
    label: 'Average gap to retrain',
    unit: 'points',
    better: 'lower',
    hasGap: false,
    help: 'Mean of |method − retrain| over forget, retain and test accuracy and the entropy membership score, per seed (the usual single selection criterion).',
  },
  [FORGET_QUALITY_KEY]: {
    label: 'Forget quality',
    unit: 'number',
    better: 'higher',
    hasGap: false,
    help: 'Distinguishability from retraining over all seeds (NeurIPS 2023 unlearning challenge): 1 = indistinguishable. One value per method, no interval.',
  },
  [FINAL_SCORE_KEY]: {
    label: 'Challenge score',
    unit: 'number',
    better: 'higher',
    hasGap: false,
    help: 'Forget quality × retain-accuracy ratio × test-accuracy ratio to retrain (NeurIPS 2023).',
  },
  'mia.loss.auc': { label: 'MIA AUC (loss)', unit: 'number', better: 'target', help: 'Best-threshold loss attack, forget (member) vs test (non-member): area under the ROC curve; compare with retrain.' },
  'mia.loss.advantage': { label: 'MIA advantage', unit: 'fraction', better: 'target', help: 'max |TPR − FPR| of the loss-threshold attack.' },
  'mia.entropy.forgetMemberRate': { label: 'MIA entropy: forget called member', unit: 'fraction', better: 'target', help: 'SCRUB-style attack on output entropy: share of the forget set predicted "member".' },
  'mia.lossCv.accuracy': { label: 'MIA cross-validated accuracy', unit: 'fraction', better: 'target', help: 'Logistic regression on loss, forget vs test, cross-validated (0.5 = no signal).' },
  zrf: { label: 'ZRF', unit: 'number', better: 'higher', help: 'Zero-retrain forgetting: 1 − mean JS divergence to a random model on the forget set.' },
  'backdoor.attackSuccessRate': { label: 'Backdoor attack success', unit: 'fraction', better: 'lower', help: 'Share of triggered test inputs (true label not the target) classified as the target.' },
  'timing.seconds': { label: 'Time', unit: 'seconds', better: 'lower', hasGap: false, help: `Seconds of the timed phase, the same for every model: ${TIMED_PHASE}.` },
  'timing.speedup': { label: 'Speedup over retrain', unit: 'ratio', better: 'higher', hasGap: false, help: `time(retrain) / time(method) per seed, over the same timed phase (${TIMED_PHASE}); summarised as the geometric mean of the per-seed ratios.` },
  'reference.forgetJensenShannonBits': { label: 'JS divergence to retrain (forget)', unit: 'bits', better: 'lower', hasGap: false, help: 'Mean Jensen-Shannon divergence of outputs to the retrained model on the forget set.' },
  'reference.forgetActivationDistance': { label: 'Activation distance (forget)', unit: 'number', better: 'lower', hasGap: false, help: 'Mean ‖p_u − p_r‖₂ on the forget set.' },
  'reference.weightDistance': { label: 'Weight distance to retrain', unit: 'number', better: 'lower', hasGap: false, help: 'Normalised weight distance to the retrained model of the same seed.' },
};

const FAIRNESS_WORD: Record<string, string> = {
  accuracyGap: 'group accuracy gap',
  demographicParityGap: 'demographic-parity gap',
  equalizedOddsGap: 'equalised-odds gap',
};

export function metricInfo(key: string): MetricInfo {
  const fixed = FIXED[key];
  const hasGapByPrefix = !NON_GAP_KEY_PREFIXES.some((p) => key.startsWith(p));
  if (fixed) return { key, label: fixed.label, unit: fixed.unit, better: fixed.better, help: fixed.help, hasGap: fixed.hasGap ?? hasGapByPrefix };
  const parts = key.split('.');
  if (parts[0] === 'accuracy' && parts.length === 2) {
    const better: Better = parts[1] === 'forget' ? 'target' : 'higher';
    return { key, label: `${SPLIT_WORD[parts[1]] ?? parts[1]} accuracy`, unit: 'fraction', better, hasGap: true, help: parts[1] === 'validation' ? 'Accuracy on the validation rows a sweep carved from the training data (never the test set); the sweep chooses by it.' : `Accuracy on the ${parts[1]} set.` };
  }
  if (parts[0] === 'loss' && parts.length === 2) {
    return { key, label: `${SPLIT_WORD[parts[1]] ?? parts[1]} loss`, unit: 'number', better: parts[1] === 'forget' ? 'target' : 'lower', hasGap: true, help: `Mean cross-entropy on the ${parts[1]} set.` };
  }
  if (parts[0] === 'fairness' && parts.length >= 4) {
    const split = parts[1];
    const measure = parts[parts.length - 1];
    const attribute = parts.slice(2, -1).join('.');
    return {
      key,
      label: `${attribute}: ${FAIRNESS_WORD[measure] ?? measure} (${split})`,
      unit: 'fraction',
      better: 'lower',
      hasGap: true,
      help: `Largest difference between groups of "${attribute}" on the ${split} set.`,
    };
  }
  if (parts[0] === 'reference' && parts[1] === 'agreement') {
    return { key, label: `Agreement with retrain (${parts[2]})`, unit: 'fraction', better: 'higher', hasGap: false, help: 'Share of rows where this model and the retrained model predict the same class (completeness).' };
  }
  return { key, label: key, unit: 'number', better: 'target', hasGap: hasGapByPrefix, help: key };
}

/** Key metrics of each category, most important first (patterns: `*` = any attribute). */
const CATEGORY_KEYS: Record<ScenarioCategory, string[]> = {
  security: ['backdoor.attackSuccessRate', 'accuracy.test', 'accuracy.forget', AVERAGE_GAP_KEY],
  privacy: ['mia.loss.auc', 'mia.loss.advantage', FORGET_QUALITY_KEY, FINAL_SCORE_KEY, 'mia.entropy.forgetMemberRate', 'mia.lossCv.accuracy', 'accuracy.test', AVERAGE_GAP_KEY],
  usability: ['accuracy.forget', 'accuracy.retain', 'accuracy.test', AVERAGE_GAP_KEY],
  fidelity: ['fairness.test.*.accuracyGap', 'fairness.test.*.demographicParityGap', 'fairness.test.*.equalizedOddsGap', 'accuracy.test', AVERAGE_GAP_KEY],
};

/** The order of everything else after the key metrics. */
const GENERAL_ORDER = [
  AVERAGE_GAP_KEY,
  'accuracy.forget',
  'accuracy.retain',
  'accuracy.test',
  'mia.loss.auc',
  'mia.loss.advantage',
  'mia.entropy.forgetMemberRate',
  'mia.lossCv.accuracy',
  FORGET_QUALITY_KEY,
  FINAL_SCORE_KEY,
  'backdoor.attackSuccessRate',
  'fairness.test.*',
  'fairness.forget.*',
  'fairness.retain.*',
  'zrf',
  'reference.*',
  'loss.forget',
  'loss.retain',
  'loss.test',
  'timing.speedup',
  'timing.seconds',
];

function matches(pattern: string, key: string): boolean {
  if (!pattern.includes('*')) return pattern === key;
  const re = new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.+') + '$');
  return re.test(key);
}

function rank(patterns: string[], key: string): number {
  const i = patterns.findIndex((p) => matches(p, key));
  return i === -1 ? patterns.length : i;
}

/** The category's key metrics present in `available`, in order. */
export function keyMetrics(category: ScenarioCategory | null, available: readonly string[]): string[] {
  if (!category) return [AVERAGE_GAP_KEY, 'accuracy.forget', 'accuracy.test'].filter((k) => available.includes(k));
  const patterns = CATEGORY_KEYS[category];
  return available.filter((k) => rank(patterns, k) < patterns.length).sort((a, b) => rank(patterns, a) - rank(patterns, b) || a.localeCompare(b));
}

/** Every available key: the category's key metrics first, then a fixed general order. */
export function orderMetrics(category: ScenarioCategory | null, available: readonly string[]): string[] {
  const keys = keyMetrics(category, available);
  const rest = available.filter((k) => !keys.includes(k)).sort((a, b) => rank(GENERAL_ORDER, a) - rank(GENERAL_ORDER, b) || a.localeCompare(b));
  return [...keys, ...rest];
}

/** Columns shown before anyone chooses: the key metrics, the average gap and the speedup. */
export function defaultColumns(category: ScenarioCategory | null, available: readonly string[]): string[] {
  const keys = keyMetrics(category, available);
  for (const extra of [AVERAGE_GAP_KEY, 'accuracy.test', 'timing.speedup']) if (available.includes(extra) && !keys.includes(extra)) keys.push(extra);
  return keys;
}

/** Metrics in [0, 1] whatever their display unit: AUCs, scores and distances defined on shares. */
const UNIT_INTERVAL_KEYS = new Set(['mia.loss.auc', FORGET_QUALITY_KEY, FINAL_SCORE_KEY, 'zrf', 'reference.forgetJensenShannonBits']);

/**
 * How a metric's interval over seeds is computed: `bootstrap` (percentile bootstrap, never
 * outside `bounds`) for bounded metrics, `geometric` (geometric mean of ratios, log-scale t
 * interval) for speedups, `t` (Student t) for unbounded ones such as losses. A gap
 * |value − retrain| of a metric in [lo, hi] lies in [0, hi − lo].
 */
export function intervalKind(key: string, asGap = false): { kind: 'bootstrap'; bounds: [number, number] } | { kind: 'geometric' } | { kind: 't' } {
  const info = metricInfo(key);
  if (info.unit === 'ratio') return asGap ? { kind: 'bootstrap', bounds: [0, Infinity] } : { kind: 'geometric' };
  if (info.unit === 'fraction' || info.unit === 'points' || UNIT_INTERVAL_KEYS.has(key)) return { kind: 'bootstrap', bounds: [0, 1] };
  if (info.unit === 'seconds') return { kind: 'bootstrap', bounds: [0, Infinity] };
  if (asGap) return { kind: 'bootstrap', bounds: [0, Infinity] };
  return { kind: 't' };
}
