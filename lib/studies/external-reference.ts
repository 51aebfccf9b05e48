/**
 * The reference of an external run in words, and the metrics an uploaded model cannot have,
 * from the run's stored provenance alone (pure: the run page, the results table, the deletion
 * report and the exports all say the same thing).
 */
import type { ExternalProvenance, ExternalReference, Run } from '@/db/schema';

export type ExternalRunFacts = Pick<Run, 'kind' | 'seed' | 'requestIndex' | 'dependsOn'> & { external: ExternalProvenance | null };

/**
 * What an unlearned external run was scored against; null for Lethe's runs and for uploaded
 * originals and retrains. Runs uploaded before the choice existed carry no `reference`: they
 * were all scored against the group's own retrain, which is their first dependency.
 */
export function externalReferenceOf(run: ExternalRunFacts): ExternalReference | null {
  if (!run.external || run.kind !== 'unlearned') return null;
  if (run.external.reference) return run.external.reference;
  const runId = run.dependsOn[0];
  return runId ? { kind: 'own-retrain', runId, seed: run.seed, requestIndex: run.requestIndex } : null;
}

function seedText(ref: Pick<ExternalReference, 'seed' | 'requestIndex'>): string {
  return `seed ${ref.seed}${ref.requestIndex > 0 ? `, request ${ref.requestIndex + 1}` : ''}`;
}

/**
 * "Lethe’s retrain (seed 3, run 1a2b3c4d), same spec checked, recipe declared by the uploader",
 * or "the group’s own uploaded retrain of seed 3". `runId: false` leaves the run out (a shared
 * page shows no ids).
 */
export function describeExternalReference(ref: ExternalReference, options: { runId?: boolean } = {}): string {
  const run = options.runId === false ? '' : `, run ${ref.runId.slice(0, 8)}`;
  if (ref.kind === 'lethe-retrain') return `Lethe’s retrain (${seedText(ref)}${run}), same spec checked, recipe declared by the uploader`;
  return `the group’s own uploaded retrain of ${seedText(ref)}${options.runId === false ? '' : ` (run ${ref.runId.slice(0, 8)})`}`;
}

/** How a group of external runs (one method) was scored, for a table row or a report: one phrase. */
export function describeReferenceKinds(kinds: ReadonlySet<ExternalReference['kind']>): string {
  if (kinds.size === 1 && kinds.has('lethe-retrain')) return 'scored against Lethe’s retrain of each seed (same spec checked, recipe declared by the uploader)';
  if (kinds.size === 1) return 'scored against the group’s own uploaded retrain of each seed';
  return 'scored against Lethe’s retrain (some methods) or the group’s own uploaded retrains (the others)';
}

export type AbsentMetric = 'zrf' | 'weightDistance' | 'relearnTime';

/** A metric Lethe computes for its own runs that this uploaded run does not have, and why. */
export interface AbsentMetricReason {
  metric: AbsentMetric;
  label: string;
  why: string;
}

const LABELS: Record<AbsentMetric, string> = { zrf: 'ZRF', weightDistance: 'Weight distance to retrain', relearnTime: 'Relearn time' };

/**
 * The weight-based metrics an external run lacks, with the reason in words. Logits carry no
 * weights and no architecture; an ONNX model has weights, but only one matched against the
 * study's spec (reference lethe-retrain) has an architecture Lethe can build a random twin of
 * (ZRF). Weight distance compares models that start from the same initialisation (the seed's),
 * which an uploaded model does not share; relearn time trains the model further, and Lethe does
 * not train uploaded models.
 */
export function absentExternalMetrics(run: ExternalRunFacts): AbsentMetricReason[] {
  if (!run.external) return [];
  const logits = 'logits_train' in run.external.files;
  const specChecked = externalReferenceOf(run)?.kind === 'lethe-retrain';
  const out: AbsentMetricReason[] = [];
  const add = (metric: AbsentMetric, why: string) => out.push({ metric, label: LABELS[metric], why });
  if (logits) {
    add('zrf', 'needs a randomly initialised model of the same architecture; uploaded logits do not say what the architecture is.');
    add('weightDistance', 'uploaded logits carry no weights.');
    add('relearnTime', 'measured by training the model further on the forget set; logits are outputs, not a model Lethe could train.');
    return out;
  }
  if (!specChecked) add('zrf', 'needs a randomly initialised model of the same architecture; Lethe builds one only for a model whose graph was checked against a Lethe study’s spec (an upload scored against Lethe’s retrain), and this one was not.');
  add('weightDistance', 'meaningful only between models that start from the same initialisation (Lethe’s, for the seed); an uploaded model was initialised elsewhere.');
  add('relearnTime', 'measured by training the model further on the forget set with Lethe’s trainer; Lethe does not train uploaded models.');
  return out;
}

/**
 * The results table's note on a row of uploaded runs: which of the columns Lethe fills for its
 * own runs (ZRF, weight distance to retrain) stay empty there, and why, in a few words.
 */
export function uploadedRowNote(sources: ReadonlySet<'model' | 'logits'>, specChecked: boolean): string {
  if (sources.has('logits')) return 'Uploaded logits: no ZRF or weight distance (both need the model itself).';
  if (specChecked) return 'Uploaded model: no weight distance (it was not initialised by Lethe).';
  return 'Uploaded model: no ZRF (its architecture was not checked against the study’s spec) or weight distance (it was not initialised by Lethe).';
}

/** What the results read model keeps of an uploaded run: what was uploaded and what it was scored against. */
export function uploadedRunFacts(run: ExternalRunFacts): { source: 'model' | 'logits'; reference: ExternalReference['kind'] } | undefined {
  if (!run.external) return undefined;
  return { source: 'model' in run.external.files ? 'model' : 'logits', reference: externalReferenceOf(run)?.kind ?? 'own-retrain' };
}
