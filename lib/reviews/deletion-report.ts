/**
 * The deletion report of a privacy study, for a data-protection officer: which subjects and how
 * many rows were removed, when and by whom, by which methods, and the evidence that the model no
 * longer reflects them, with plain statements where that evidence is weak.
 *
 * `buildEvidence` is pure (runs + summary in, rows out) so it is tested without a database;
 * `deletionReport` gathers the inputs behind the gate.
 */
import { findScenario } from '@/db/queries/scenarios';
import { findStudy, listRuns } from '@/db/queries/studies';
import { datasetVersionLabel, userLabel } from '@/db/queries/reviews';
import type { Run } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { authorizeTeam, isUuid, requireActor } from '@/lib/auth/gate';
import { loadDatasetArrays } from '@/lib/datasets/dataset-cache';
import { AppError } from '@/lib/errors';
import { resolveScenario, type ScenarioSpec } from '@/lib/scenarios';
import { methodCatalogue } from '@/lib/unlearning/registry';
import { EXTERNAL_VARIANT } from '@/lib/studies/external-runs';
import { externalReferenceOf } from '@/lib/studies/external-reference';
import { describeStudyModel, studyMethodLabels, studySeeds } from '@/lib/studies/study-facts';
import { methodKey, NO_SIGNAL_AUC, type StudyVerdict } from '@/lib/results/verdict';
import { keepStudyChosenRuns } from '@/lib/results/sweep';
import { findVersionById } from '@/db/queries/datasets';
import { sharedVerdict, summaryMethods } from './shared';

/** Mean of the finite values, or null when there are none. */
function mean(xs: ReadonlyArray<number | null>): number | null {
  const v = xs.filter((x): x is number => x !== null && Number.isFinite(x));
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
}

function scalar(run: Run, key: string): number | null {
  const v = ((run.metrics ?? {}) as { scalars?: Record<string, unknown> }).scalars?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export interface ModelEvidence {
  /** Mean over seeds. */
  accuracy: { forget: number | null; retain: number | null; test: number | null };
  miaAuc: number | null;
  miaAdvantage: number | null;
  entropyMemberRate: number | null;
  seeds: number;
}

export interface MethodEvidence {
  methodId: string;
  label: string;
  config: Record<string, unknown> | null;
  /** What its gaps are measured against: retraining, its variant's own retrain (certified removal), or the group's uploaded retrain (external). */
  reference: string;
  /** That reference as a model row (the retrain row for Lethe's methods; the uploaded retrains for an external one). */
  referenceModel: ModelEvidence | null;
  requestIndex: number;
  model: ModelEvidence;
  /** Signed mean gaps to retrain (method − retrain, same seed), fractions. */
  gapToRetrain: { forget: number | null; retain: number | null; test: number | null };
  distinguishability: { forgetQuality: number | null; finalScore: number | null; numModels: number | null; epsilonCeiling: number | null; note: string | null };
  /** Plain statements on how far this evidence goes. */
  caveats: string[];
  /** The verdict's criteria that name this method closest to retraining (empty: none). */
  closestBy: string[];
}

export interface EvidenceReport {
  original: ModelEvidence | null;
  retrain: ModelEvidence | null;
  methods: MethodEvidence[];
  /** Runs that failed or were cancelled: their evidence is missing. */
  missingRuns: number;
  /** The study's verdict (lib/results/verdict): the same one the dashboard and share page show. */
  verdict: StudyVerdict;
  /**
   * Said plainly when the loss attack cannot tell the original model's members apart either
   * (its AUC on the original, which trained on the rows, is within 0.45-0.55); null otherwise.
   */
  attackHasNoPower: string | null;
}



function modelEvidence(runs: Run[]): ModelEvidence | null {
  if (!runs.length) return null;
  return {
    accuracy: { forget: mean(runs.map((r) => scalar(r, 'accuracy.forget'))), retain: mean(runs.map((r) => scalar(r, 'accuracy.retain'))), test: mean(runs.map((r) => scalar(r, 'accuracy.test'))) },
    miaAuc: mean(runs.map((r) => scalar(r, 'mia.loss.auc'))),
    miaAdvantage: mean(runs.map((r) => scalar(r, 'mia.loss.advantage'))),
    entropyMemberRate: mean(runs.map((r) => scalar(r, 'mia.entropy.forgetMemberRate'))),
    seeds: runs.length,
  };
}

/** Thresholds for "weak" statements; the challenge itself used hundreds of models per side. */
const FEW_MODELS = 10;
const MIA_AUC_CLOSE = 0.05;

export function buildEvidence(runs: Run[], summary: Record<string, unknown> | null, names: Record<string, string>, numClasses?: number, category: string | null = 'privacy'): EvidenceReport {
  const done = runs.filter((r) => r.status === 'succeeded');
  // The final request removes everything (requests are cumulative); report the last one.
  const lastRequest = Math.max(0, ...runs.map((r) => r.requestIndex));
  const atLast = done.filter((r) => r.requestIndex === lastRequest);
  const standardRetrains = atLast.filter((r) => r.kind === 'retrain' && (r.variant ?? 'standard') === 'standard');
  const externalRetrains = atLast.filter((r) => r.kind === 'retrain' && r.variant === EXTERNAL_VARIANT);
  // An external study has no retrains of Lethe's: its reference is the group's uploaded ones.
  const retrains = standardRetrains.length ? standardRetrains : externalRetrains;
  const retrainBySeed = new Map(retrains.map((r) => [r.seed, r]));
  const externalRetrainBySeed = new Map(externalRetrains.map((r) => [r.seed, r]));
  // An external method is scored against the group's own retrain of the same seed (as its
  // metrics were); certified removal against its own certified retrain (same variant and config).
  // An external method uploaded with reference "lethe-retrain" (all its seeds are) was scored against Lethe's retrains.
  const letheReferenced = (m: Run) => m.variant === EXTERNAL_VARIANT && externalReferenceOf(m)?.kind === 'lethe-retrain';
  const referenceOf = (m: Run): Map<number, Run> => {
    if (letheReferenced(m)) return retrainBySeed;
    if (m.variant === EXTERNAL_VARIANT) return externalRetrainBySeed;
    const own = atLast.filter((r) => r.kind === 'retrain' && (m.variant ?? 'standard') !== 'standard' && r.variant === m.variant && JSON.stringify(r.methodConfig) === JSON.stringify(m.methodConfig));
    return own.length ? new Map(own.map((r) => [r.seed, r])) : retrainBySeed;
  };
  const groups = new Map<string, Run[]>();
  for (const r of atLast.filter((r) => r.kind === 'unlearned')) {
    const key = `${r.methodId}|${JSON.stringify(r.methodConfig)}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const retrain = modelEvidence(retrains);
  const summaries = summaryMethods(summary);
  const methods: MethodEvidence[] = [...groups.values()].map((group) => {
    const first = group[0];
    const reference = referenceOf(first);
    const gap = (split: string) =>
      mean(
        group.map((r) => {
          const ref = reference.get(r.seed);
          const a = scalar(r, `accuracy.${split}`);
          const b = ref ? scalar(ref, `accuracy.${split}`) : null;
          return a !== null && b !== null ? a - b : null;
        }),
      );
    const s = summaries.find((m) => m.methodId === first.methodId && (m.requestIndex ?? 0) === lastRequest && JSON.stringify(m.config ?? null) === JSON.stringify(first.methodConfig));
    const d = s?.distinguishability ?? null;
    const model = modelEvidence(group) as ModelEvidence;
    const evidence: MethodEvidence = {
      methodId: first.methodId ?? '',
      label: names[first.methodId ?? ''] ?? first.methodId ?? 'method',
      config: first.methodConfig,
      reference: letheReferenced(first)
        ? 'Lethe’s own retrain of each seed (the uploaded model’s spec checked, its recipe declared by the uploader)'
        : first.variant === EXTERNAL_VARIANT
          ? 'the group’s own uploaded retrain'
          : reference === retrainBySeed
            ? 'retraining'
            : `its matching ${first.variant} retrain (the same objective trained without the rows)`,
      referenceModel: first.variant === EXTERNAL_VARIANT && !letheReferenced(first) ? modelEvidence(externalRetrains) : retrain,
      requestIndex: lastRequest,
      model,
      gapToRetrain: { forget: gap('forget'), retain: gap('retain'), test: gap('test') },
      distinguishability: {
        // N = 2 (ε ceiling 0): not computable, whatever an older summary stored (it stored 0).
        forgetQuality: d?.epsilonCeiling === 0 ? null : (d?.forgetQuality ?? null),
        finalScore: d?.epsilonCeiling === 0 ? null : (d?.finalScore ?? null),
        numModels: d?.numModels ?? null,
        epsilonCeiling: d?.epsilonCeiling ?? null,
        note: s?.note ?? (s ? null : 'Not computed (the study has not finished, or its summary is missing).'),
      },
      caveats: [],
      closestBy: [],
    };
    evidence.caveats = caveatsFor(evidence, evidence.referenceModel);
    return evidence;
  });
  methods.sort((a, b) => a.label.localeCompare(b.label));
  // Originals serve no request, so a sequential study has them at request 0 only. In a mixed
  // study Lethe's own originals are the row (as its retrains are); an external study has only the group's.
  const originalsAt = (rs: Run[]) => {
    const all = rs.filter((r) => r.kind === 'original');
    const standard = all.filter((r) => (r.variant ?? 'standard') === 'standard');
    return standard.length ? standard : all;
  };
  const original = modelEvidence(originalsAt(atLast).length ? originalsAt(atLast) : originalsAt(done));
  const verdict = sharedVerdict(runs, category, summary, numClasses, names);
  for (const m of methods) {
    const v = verdict.methods.find((x) => x.key === methodKey(m.methodId, m.config, m.requestIndex));
    if (v?.disqualified.length) m.caveats.push(`Not named closest to retraining: ${v.disqualified.join('; ')}.`);
    m.closestBy = verdict.criteria.filter((c) => v && c.winners.includes(v.key)).map((c) => c.statement);
  }
  const auc = original?.miaAuc ?? null;
  const attackHasNoPower =
    auc !== null && auc >= NO_SIGNAL_AUC[0] && auc <= NO_SIGNAL_AUC[1]
      ? `The membership-inference attack cannot tell the removed rows from unseen data even on the original model, which was trained on them (AUC ${auc.toFixed(3)}). On this data the attack has no power: its results for the methods below are no evidence either way.`
      : null;
  return {
    original,
    retrain,
    methods,
    missingRuns: runs.filter((r) => r.status === 'failed' || r.status === 'cancelled').length,
    verdict,
    attackHasNoPower,
  };
}

/**
 * "72 training rows of 5 data subjects were removed (of 1200 training rows), from dataset X
 * version 2." Without a subject column there is no "of … data subjects" clause; the sentence
 * ends with exactly one period whatever the dataset's name ends with.
 */
export function removalSentence(input: { forgetCount: number | null; trainCount: number | null; subjectCount: number | null; dataset: { name: string; version: number } | null }): string {
  const rows = input.forgetCount === null ? 'Training rows were removed' : `${input.forgetCount} training row${input.forgetCount === 1 ? ' was' : 's were'} removed`;
  const subjects = input.subjectCount !== null && input.forgetCount !== null ? ` (${input.subjectCount} data subject${input.subjectCount === 1 ? '' : 's'})` : '';
  const of = input.trainCount !== null ? `, of ${input.trainCount} training rows` : '';
  const from = input.dataset ? `, from dataset ${input.dataset.name.replace(/[.\s]+$/, '')} version ${input.dataset.version}` : '';
  return `${rows}${subjects}${of}${from}.`;
}

export function caveatsFor(e: MethodEvidence, retrain: ModelEvidence | null): string[] {
  const out: string[] = [];
  const d = e.distinguishability;
  if (d.numModels === null) {
    out.push(`No distinguishability score: ${d.note ?? 'it could not be computed.'} Without it there is no statistical test that this model is indistinguishable from retraining.`);
  } else if (d.epsilonCeiling === 0) {
    out.push(`Distinguishability uses N = ${d.numModels} models per side, so its ε ceiling is 0: every example scores 0 whatever the method did. The score says nothing; run at least 3 seeds (better 10 or more).`);
  } else if (d.numModels < FEW_MODELS) {
    out.push(`Distinguishability uses only N = ${d.numModels} models per side (ε ceiling ${d.epsilonCeiling}); it can certify only coarse indistinguishability. More seeds make it stronger.`);
  }
  if (e.model.seeds < 2) out.push('Only one seed: the numbers do not show how much they vary between training runs.');
  if (e.gapToRetrain.forget !== null && Math.abs(e.gapToRetrain.forget) > 0.05) {
    out.push(`Forget-set accuracy differs from retraining by ${(e.gapToRetrain.forget * 100).toFixed(1)} points: the model still behaves differently on the removed rows than a model that never saw them.`);
  }
  if (e.model.miaAuc !== null && retrain?.miaAuc !== null && retrain?.miaAuc !== undefined && e.model.miaAuc - retrain.miaAuc > MIA_AUC_CLOSE) {
    out.push(`The membership-inference attack separates the removed rows better than on the retrained model (AUC ${e.model.miaAuc.toFixed(3)} vs ${retrain.miaAuc.toFixed(3)}).`);
  }
  return out;
}

export interface DeletionReport {
  /** `seeds`: the planned ones, or an external study's uploaded ones. */
  study: { id: string; teamId: string; name: string; createdAt: Date; finishedAt: Date | null; reviewStatus: string; seeds: number[]; external: boolean; description: string };
  /** The model in words; for an external study, its description. */
  model: string;
  category: string;
  scenario: { id: string; name: string; description: string; createdAt: Date; forgetCount: number; trainCount: number; spec: Record<string, unknown> } | null;
  dataset: { name: string; version: number } | null;
  createdBy: { name: string; email: string } | null;
  scenarioCreatedBy: { name: string; email: string } | null;
  subjects: { column: string | null; ids: string[]; count: number; fullyForgotten: number | null; complete: boolean } | null;
  methods: string[];
  evidence: EvidenceReport;
  runs: { total: number; succeeded: number; active: number };
  generatedAt: Date;
}

interface SummarySubjects {
  count?: number;
  fullyForgotten?: number;
  ids?: string[];
}

/** Subjects of the forget set: resolved from the data when possible, else the saved preview (first ids only). */
async function forgetSubjects(scenario: { datasetVersionId: string; spec: Record<string, unknown>; summary: Record<string, unknown> }): Promise<DeletionReport['subjects']> {
  try {
    const { dataset } = await loadDatasetArrays(scenario.datasetVersionId);
    if (dataset.subjects) {
      const resolved = resolveScenario(dataset, scenario.spec as unknown as ScenarioSpec);
      const { codes, values } = dataset.subjects;
      const forgotten = new Set<number>();
      for (const row of resolved.forgetRows) forgotten.add(codes[row]);
      const retained = new Set<number>();
      for (const row of resolved.retainRows) if (forgotten.has(codes[row])) retained.add(codes[row]);
      const ids = [...forgotten].sort((a, b) => a - b).map((c) => values[c]);
      return { column: dataset.subjects.name, ids, count: ids.length, fullyForgotten: ids.length - retained.size, complete: true };
    }
  } catch {
    // Falls back to the preview saved with the scenario (the dataset may be unreadable now).
  }
  const saved = scenario.summary.subjects as SummarySubjects | undefined;
  if (!saved) return null;
  const ids = saved.ids ?? [];
  const count = saved.count ?? ids.length;
  return { column: null, ids, count, fullyForgotten: saved.fullyForgotten ?? null, complete: ids.length >= count };
}

export async function deletionReport(actor: Actor | null, studyId: string): Promise<DeletionReport> {
  requireActor(actor);
  const study = isUuid(studyId) ? await findStudy(studyId) : undefined;
  if (!study) throw new AppError('not_found', 'Study was not found.');
  await authorizeTeam(actor, study.teamId, 'team.read', 'Study');
  const [scenario, allRuns, dataset, createdBy] = await Promise.all([findScenario(study.scenarioId), listRuns(study.id), datasetVersionLabel(study.datasetVersionId), userLabel(study.createdBy)]);
  // A sweep's other grid points leave here as they do on the dashboard (lib/results/sweep).
  const runs = keepStudyChosenRuns(study, allRuns);
  const names = Object.fromEntries(methodCatalogue().map((m) => [m.id, m.name]));
  const category = scenario?.category ?? 'unknown';
  return {
    study: { id: study.id, teamId: study.teamId, name: study.name, createdAt: study.createdAt, finishedAt: study.finishedAt, reviewStatus: study.reviewStatus, seeds: studySeeds(study, runs), external: study.external, description: study.description },
    model: describeStudyModel(study),
    category,
    scenario: scenario
      ? { id: scenario.id, name: scenario.name, description: scenario.description, createdAt: scenario.createdAt, forgetCount: scenario.forgetCount, trainCount: scenario.trainCount, spec: scenario.spec }
      : null,
    dataset: dataset ?? null,
    createdBy: createdBy ?? null,
    scenarioCreatedBy: scenario ? ((await userLabel(scenario.createdBy)) ?? null) : null,
    // Only privacy reports list subjects; the page explains the report for other categories.
    subjects: scenario && category === 'privacy' ? await forgetSubjects(scenario) : null,
    methods: studyMethodLabels(study, runs, names),
    evidence: buildEvidence(runs, study.summary, names, (await findVersionById(study.datasetVersionId))?.classNames.length, category),
    runs: { total: runs.length, succeeded: runs.filter((r) => r.status === 'succeeded').length, active: runs.filter((r) => ['waiting', 'queued', 'running'].includes(r.status)).length },
    generatedAt: new Date(),
  };
}
