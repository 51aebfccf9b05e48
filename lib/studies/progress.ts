/**
 * Moves a study along: queues runs whose dependencies succeeded, cancels runs that can no longer
 * run (a dependency failed or was cancelled), and once every run has ended computes what needs
 * all seeds together (distinguishability from retraining) into the study's summary.
 */
import { cancelRuns, dropReuse, listRuns, loadArtifact, markQueued, runStatuses, setStudySummary, studiesWaitingOn } from '@/db/queries/studies';
import type { Run } from '@/db/schema';
import { enqueueRun, getBoss, runQueue } from '@/lib/jobs/queue';
import { distinguishability, matchedToFloor, perExampleEvidence, retrainNoiseFloor, type DistinguishabilityResult, type MatchedEvidence, type PerExampleEvidence, type SeededOutputs } from '@/lib/metrics';
import { loadPerExampleOutputs } from './per-example-artifact';
import { externalReferenceOf } from './external-reference';
import { decodeBlob } from '@/lib/jobs/blob';
import { readyToQueue } from './plan';

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

/** pg-boss job ids are not stored: the run id is the job's singleton key, so look it up. */
export async function cancelQueuedJobs(cancelled: Run[]): Promise<void> {
  if (cancelled.length === 0) return;
  const boss = await getBoss();
  for (const run of cancelled) {
    const jobs = await boss.findJobs(runQueue(), { key: run.id }).catch(() => []);
    const open = jobs.filter((j) => ['created', 'retry', 'active'].includes(String(j.state)));
    if (open.length) await boss.cancel(runQueue(), open.map((j) => j.id)).catch(() => {});
  }
}

export async function advanceStudy(studyId: string): Promise<void> {
  const runs = await listRuns(studyId);
  const byId = new Map(runs.map((r) => [r.id, r]));
  // A waiting run whose dependency failed or was cancelled will never start: cancel it visibly.
  const blocked = runs.filter((r) => r.status === 'waiting' && r.dependsOn.some((d) => ['failed', 'cancelled'].includes(byId.get(d)?.status ?? '')));
  for (const r of blocked) await cancelRuns({ runId: r.id });
  let current = blocked.length ? await listRuns(studyId) : runs;
  // A run that takes its model from an identical run (perhaps of another study, perhaps still in
  // flight) starts once that run succeeded; if it failed or was cancelled, it computes its own.
  const reusing = current.filter((r) => r.status === 'waiting' && r.reusedFromRunId);
  const sources = await runStatuses([...new Set(reusing.map((r) => r.reusedFromRunId as string))]);
  const inFlight = new Set<string>();
  let dropped = false;
  for (const r of reusing) {
    const status = sources.get(r.reusedFromRunId as string);
    if (status === 'succeeded') continue;
    if (status === undefined || status === 'failed' || status === 'cancelled') {
      await dropReuse(r.id);
      dropped = true;
    } else {
      inFlight.add(r.id);
    }
  }
  if (dropped) current = await listRuns(studyId);
  const ready = readyToQueue(current.map((r) => ({ ...r, key: r.id }))).filter((r) => !inFlight.has(r.id));
  const moved = await markQueued(ready.map((r) => r.id));
  for (const run of moved) await enqueueRun(run.id, run.teamId);
  const after = moved.length || blocked.length ? await listRuns(studyId) : current;
  if (after.length > 0 && after.every((r) => TERMINAL.has(r.status))) await summariseStudy(studyId, after);
  // Runs of other studies waiting for one of this study's runs that has just ended move on too.
  const ended = after.filter((r) => TERMINAL.has(r.status)).map((r) => r.id);
  for (const other of await studiesWaitingOn(ended, studyId)) await advanceStudy(other);
}

export interface MethodSummary {
  methodId: string;
  config: Record<string, unknown> | null;
  requestIndex: number;
  seeds: number;
  distinguishability: Omit<DistinguishabilityResult, 'perExampleEpsilon' | 'perExamplePoints'> | null;
  /** Why distinguishability is missing (fewer than 2 seeds, failed runs). */
  note?: string;
  /** U-LiRA and KLoM against the retrained models of the request (absent in older summaries). */
  perExample?: PerExampleEvidence | null;
  /** The same at the noise floor's size, N/2 models per side (absent in older summaries). */
  perExampleMatched?: MatchedEvidence | null;
}

/** Per deletion request: the null baseline (originals against retrain) and the noise floor (retrain against retrain). */
export interface PerExampleBaselines {
  requestIndex: number;
  original: PerExampleEvidence | null;
  /** The originals at the noise floor's size (absent in older summaries). */
  originalMatched?: MatchedEvidence | null;
  retrainFloor: PerExampleEvidence | null;
}

/** Outputs of runs, each decoded once per summary (the retrained models serve every method). */
function outputsLoader() {
  const cache = new Map<string, Promise<SeededOutputs['outputs'] | null>>();
  return async (runs: Run[]): Promise<SeededOutputs[]> => {
    const loaded = await Promise.all(
      runs.map(async (r) => {
        if (!cache.has(r.id)) cache.set(r.id, loadPerExampleOutputs(r.id));
        return { seed: r.seed, outputs: await (cache.get(r.id) as Promise<SeededOutputs['outputs'] | null>) };
      }),
    );
    return loaded.filter((m): m is SeededOutputs => m.outputs !== null);
  };
}

async function forgetPhi(run: Run): Promise<Float64Array | null> {
  const bytes = await loadArtifact(run.id, 'per-example');
  if (!bytes) return null;
  const perExample = decodeBlob<{ forget?: { logitConfidence?: number[] } }>(bytes);
  const phi = perExample.forget?.logitConfidence;
  return phi ? Float64Array.from(phi) : null;
}

function accuracy(run: Run, split: 'retain' | 'test'): number {
  return Number((run.metrics as { accuracy?: Record<string, number> } | null)?.accuracy?.[split] ?? NaN);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** The original's distinguishability from retraining per request: the null a method's forget quality must beat. */
export interface OriginalNull {
  requestIndex: number;
  distinguishability: { forgetQuality: number | null; numModels: number; epsilonCeiling: number } | null;
}

/**
 * Forget quality of doing nothing: the standard originals (one per seed) scored against the
 * retrains exactly like a method. Originals are evaluated on the first request's forget set, so
 * the null exists for requests whose forget set has the same size (always request 0).
 */
async function originalNulls(succeeded: Run[], variant: BaselineVariant): Promise<OriginalNull[]> {
  const originals = succeeded.filter((r) => r.kind === 'original' && r.variant === variant);
  if (originals.length < 2) return [];
  const phis = (await Promise.all(originals.map(forgetPhi))).filter((x): x is Float64Array => x !== null);
  const requests = [...new Set(succeeded.filter((r) => r.kind === 'retrain').map((r) => r.requestIndex))].sort((a, b) => a - b);
  const out: OriginalNull[] = [];
  for (const requestIndex of requests) {
    const retrains = succeeded.filter((r) => r.kind === 'retrain' && r.requestIndex === requestIndex && r.variant === variant);
    const retrained = (await Promise.all(retrains.map(forgetPhi))).filter((x): x is Float64Array => x !== null);
    if (phis.length < 2 || retrained.length < 2 || phis[0].length === 0 || phis[0].length !== retrained[0].length) continue;
    const result = distinguishability({
      unlearned: phis,
      retrained,
      accuracies: {
        retainUnlearned: mean(originals.map((r) => accuracy(r, 'retain'))),
        retainRetrained: mean(retrains.map((r) => accuracy(r, 'retain'))),
        testUnlearned: mean(originals.map((r) => accuracy(r, 'test'))),
        testRetrained: mean(retrains.map((r) => accuracy(r, 'test'))),
      },
    });
    out.push({ requestIndex, distinguishability: { forgetQuality: result.forgetQuality, numModels: result.numModels, epsilonCeiling: result.epsilonCeiling } });
  }
  return out;
}

/**
 * Whose originals and retrains give the study's null baseline and noise floor: Lethe's own
 * ('standard') when the study trained any, else the group's uploaded ones ('external', an
 * external study). Uploaded and Lethe-trained models are never pooled: they differ in recipe.
 */
type BaselineVariant = 'standard' | 'external';

function baselineVariantOf(succeeded: Run[]): BaselineVariant {
  return succeeded.some((r) => r.kind === 'retrain' && r.variant !== 'external') ? 'standard' : 'external';
}

/** Distinguishability per method configuration and request, over the study's seeds. */
export async function summariseStudy(studyId: string, runs: Run[]): Promise<void> {
  const succeeded = runs.filter((r) => r.status === 'succeeded');
  const baseline = baselineVariantOf(succeeded);
  // Baseline retrains of any Lethe variant (as before external runs), or only the uploaded ones.
  const isBaselineRetrain = (r: Run) => r.kind === 'retrain' && (baseline === 'external' ? r.variant === 'external' : r.variant !== 'external');
  const groups = new Map<string, Run[]>();
  for (const r of succeeded.filter((r) => r.kind === 'unlearned')) {
    const key = `${r.methodId}|${JSON.stringify(r.methodConfig)}|${r.requestIndex}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const methods: MethodSummary[] = [];
  const seededOutputs = outputsLoader();
  for (const group of groups.values()) {
    const first = group[0];
    // Judged against the retrain of its own variant where there is one (certified removal, or
    // the group's uploaded retrains), else the plain retrain; an external method scored
    // against Lethe's retrain (every seed of a method has the same reference) is judged against Lethe's.
    const letheReferenced = externalReferenceOf(first)?.kind === 'lethe-retrain';
    const ownVariant = letheReferenced ? [] : succeeded.filter((r) => r.kind === 'retrain' && r.requestIndex === first.requestIndex && r.variant === first.variant && r.variant !== 'standard');
    const retrains = ownVariant.length ? ownVariant : succeeded.filter((r) => r.kind === 'retrain' && r.requestIndex === first.requestIndex && r.variant === 'standard');
    const entry: MethodSummary = { methodId: first.methodId ?? '', config: first.methodConfig, requestIndex: first.requestIndex, seeds: group.length, distinguishability: null };
    if (group.length < 2 || retrains.length < 2) {
      entry.note = 'Distinguishability needs at least 2 seeds of the method and of retraining.';
    } else {
      const unlearned = (await Promise.all(group.map(forgetPhi))).filter((x): x is Float64Array => x !== null);
      const retrained = (await Promise.all(retrains.map(forgetPhi))).filter((x): x is Float64Array => x !== null);
      if (unlearned.length >= 2 && retrained.length >= 2 && unlearned[0].length > 0) {
        const result = distinguishability({
          unlearned,
          retrained,
          accuracies: {
            retainUnlearned: mean(group.map((r) => accuracy(r, 'retain'))),
            retainRetrained: mean(retrains.map((r) => accuracy(r, 'retain'))),
            testUnlearned: mean(group.map((r) => accuracy(r, 'test'))),
            testRetrained: mean(retrains.map((r) => accuracy(r, 'test'))),
          },
        });
        const { perExampleEpsilon: _e, perExamplePoints: _p, ...rest } = result;
        entry.distinguishability = rest;
      } else {
        entry.note = 'Per-example outputs are missing for some runs.';
      }
    }
    const retrainOutputs = await seededOutputs(retrains);
    const groupOutputs = await seededOutputs(group);
    entry.perExample = retrainOutputs.length ? perExampleEvidence(groupOutputs, retrainOutputs) : null;
    entry.perExampleMatched = matchedToFloor(groupOutputs, retrainOutputs);
    methods.push(entry);
  }
  // Null baseline and noise floor of U-LiRA / KLoM, once per request: the standard originals
  // (doing nothing) against retrain, and retrain against retrain.
  const perExampleBaselines: PerExampleBaselines[] = [];
  for (const requestIndex of [...new Set(succeeded.filter(isBaselineRetrain).map((r) => r.requestIndex))].sort((a, b) => a - b)) {
    const retrainOutputs = await seededOutputs(succeeded.filter((r) => isBaselineRetrain(r) && r.requestIndex === requestIndex));
    if (retrainOutputs.length === 0) continue;
    const originals = await seededOutputs(succeeded.filter((r) => r.kind === 'original' && r.variant === baseline && r.requestIndex === requestIndex));
    perExampleBaselines.push({
      requestIndex,
      original: originals.length ? perExampleEvidence(originals, retrainOutputs) : null,
      originalMatched: matchedToFloor(originals, retrainOutputs),
      retrainFloor: retrainNoiseFloor(retrainOutputs),
    });
  }
  await setStudySummary(studyId, {
    originals: await originalNulls(succeeded, baseline),
    baselineVariant: baseline,
    perExampleBaselines,
    computedAt: new Date().toISOString(),
    runs: { total: runs.length, succeeded: succeeded.length, failed: runs.filter((r) => r.status === 'failed').length, cancelled: runs.filter((r) => r.status === 'cancelled').length },
    methods,
  });
}
