/**
 * Rows of the dashboard's "per-example attacks" card from a study summary: per method
 * configuration and request, U-LiRA (AUC, TPR at 1% FPR, N) and KLoM (95th percentile over
 * forget, retain and test examples, N per side), beside the original's values (the null
 * baseline: doing nothing) and retrain against retrain (the noise floor). Every row is read at
 * the floor's size, N/2 models per side (matchedToFloor: both statistics depend on N, so values
 * at N per side would not be comparable with the floor); summaries from before that was stored
 * show their values at N. The original's row says, per statistic, whether it has power here:
 * whether doing nothing is farther from retrain than twice the floor. Values are rounded to the
 * 3 decimals the card shows; the per-example export has every model's outputs.
 */
import type { MatchedEvidence, PerExampleEvidence } from '@/lib/metrics/per-example-evidence';
import { notChosenBySweep, type SweepGroup } from './sweep';

export interface PerExampleEvidenceRow {
  key: string;
  label: string;
  role: 'method' | 'null-baseline' | 'noise-floor';
  requestIndex: number;
  uLiraAuc: number | null;
  uLiraTprAtLowFpr: number | null;
  uLiraModels: number | null;
  klomP95: { forget: number | null; retain: number | null; test: number | null };
  /** "N unlearned vs N retrained" of KLoM; null without KLoM. */
  klomModels: string | null;
  note: string | null;
}

interface SummaryShape {
  methods?: Array<{ methodId?: string; config?: Record<string, unknown> | null; requestIndex?: number; perExample?: PerExampleEvidence | null; perExampleMatched?: MatchedEvidence | null }>;
  perExampleBaselines?: Array<{ requestIndex: number; original: PerExampleEvidence | null; originalMatched?: MatchedEvidence | null; retrainFloor: PerExampleEvidence | null }>;
}

/** The smallest distance from "indistinguishable" a statistic can show: U-LiRA's AUC from 0.5, KLoM from 0. */
export const PER_EXAMPLE_RESOLUTION = { uLira: 0.05, klom: 0.1 } as const;

/** Rounded as the card shows them (3 decimals), so a page does not carry 16-digit numbers. */
const shown = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.round(x * 1e3) / 1e3);

const f3 = (x: number) => x.toFixed(3);

type Values = Pick<PerExampleEvidenceRow, 'uLiraAuc' | 'uLiraTprAtLowFpr' | 'uLiraModels' | 'klomP95' | 'klomModels'>;

function valuesAtN(e: PerExampleEvidence | null): Values {
  const p95 = (s: 'forget' | 'retain' | 'test') => shown(e?.klom[s]?.percentiles.p95);
  const k = e?.klom.forget ?? e?.klom.retain ?? e?.klom.test;
  return {
    uLiraAuc: shown(e?.uLira?.auc),
    uLiraTprAtLowFpr: shown(e?.uLira?.tprAtLowFpr),
    uLiraModels: e?.uLira?.numModels ?? null,
    klomP95: { forget: p95('forget'), retain: p95('retain'), test: p95('test') },
    klomModels: k ? `${k.unlearnedModels} vs ${k.retrainedModels}` : null,
  };
}

function valuesMatched(m: MatchedEvidence): Values {
  const any = m.klomP95.forget ?? m.klomP95.retain ?? m.klomP95.test;
  return {
    uLiraAuc: shown(m.uLiraAuc),
    uLiraTprAtLowFpr: shown(m.uLiraTprAtLowFpr),
    uLiraModels: m.uLiraAuc === null ? null : m.modelsPerSide,
    klomP95: { forget: shown(m.klomP95.forget), retain: shown(m.klomP95.retain), test: shown(m.klomP95.test) },
    klomModels: any === undefined ? null : `${m.modelsPerSide} vs ${m.modelsPerSide}`,
  };
}

function row(key: string, label: string, role: PerExampleEvidenceRow['role'], requestIndex: number, e: PerExampleEvidence | null, matched?: MatchedEvidence | null, extraNote?: string | null): PerExampleEvidenceRow {
  // Too few seeds for U-LiRA on half of them, enough on all: the value at N, read without a floor.
  const uLiraAtNOnly =
    matched && matched.uLiraAuc === null && e?.uLira
      ? `U-LiRA is read at the floor's size, which needs at least 6 seeds (3 per half); on all ${e.uLira.numModels} seeds it scores AUC ${f3(e.uLira.auc)}, with no floor to read it against.`
      : null;
  const notes = [extraNote, uLiraAtNOnly, e?.uLiraNote, e?.klomNote, e && e.skippedModels ? `${e.skippedModels} model(s) left out: their rows differ from the retrained models'.` : null].filter((n): n is string => !!n);
  return {
    key,
    label,
    role,
    requestIndex,
    ...(matched ? valuesMatched(matched) : valuesAtN(e)),
    note: e ? notes.join(' ') || null : 'No per-example outputs stored for these runs.',
  };
}


/**
 * Whether U-LiRA and KLoM can tell doing nothing from retraining in this request: the original's
 * distance from "indistinguishable" (U-LiRA: |AUC − 0.5|; KLoM: its p95 on the forget set) must
 * exceed twice the floor's and the statistic's resolution, at the same models per side (the rule
 * the verdict applies to every gap). Null when either side is missing.
 */
export function perExamplePower(original: MatchedEvidence | null | undefined, floor: PerExampleEvidence | null): string | null {
  if (!original || !floor) return null;
  const n = `${original.modelsPerSide} models per side`;
  const sentences: string[] = [];
  if (original.uLiraAuc !== null && floor.uLira) {
    const dNull = Math.abs(original.uLiraAuc - 0.5), dFloor = Math.abs(floor.uLira.auc - 0.5);
    const power = dNull > Math.max(2 * dFloor, PER_EXAMPLE_RESOLUTION.uLira);
    sentences.push(
      power
        ? `U-LiRA has power here: the original scores AUC ${f3(original.uLiraAuc)} against the floor's ${f3(floor.uLira.auc)} (${n}).`
        : `U-LiRA has no power here: the original's AUC ${f3(original.uLiraAuc)} is within twice the floor's distance from 0.5 (${f3(floor.uLira.auc)}; ${n}), doing nothing already looks like retraining to it, so a method near 0.5 has shown nothing; one far from 0.5 left a trace that doing nothing does not leave.`,
    );
  }
  const klomNull = original.klomP95.forget, klomFloor = floor.klom.forget?.percentiles.p95;
  if (klomNull !== undefined && klomFloor !== undefined) {
    const power = klomNull > Math.max(2 * klomFloor, PER_EXAMPLE_RESOLUTION.klom);
    sentences.push(
      power
        ? `KLoM has power here: the original's p95 on the forget set is ${f3(klomNull)} against the floor's ${f3(klomFloor)} (${n}).`
        : `KLoM has no power here: the original's p95 on the forget set (${f3(klomNull)}) is within twice the floor's (${f3(klomFloor)}; ${n}); with few models per side most of its 20 bins are empty, which keeps even the floor high.`,
    );
  }
  return sentences.length ? sentences.join(' ') : null;
}

/**
 * Card rows, or [] when the summary has no per-example evidence (an older or unfinished study).
 * The grid points a hyperparameter sweep did not choose are left out, as from every other view.
 */
export function perExampleEvidenceRows(summary: unknown, methodNames: Record<string, string>, sweeps: readonly SweepGroup[] = []): PerExampleEvidenceRow[] {
  const s = (summary ?? {}) as SummaryShape;
  const notChosen = notChosenBySweep(sweeps);
  const rows: PerExampleEvidenceRow[] = [];
  const requests = new Set((s.methods ?? []).map((m) => m.requestIndex ?? 0));
  const multi = requests.size > 1;
  for (const b of s.perExampleBaselines ?? []) {
    const suffix = multi ? ` (request ${b.requestIndex + 1})` : '';
    if (b.original) rows.push(row(`original:${b.requestIndex}`, `Original, no unlearning${suffix}`, 'null-baseline', b.requestIndex, b.original, b.originalMatched, perExamplePower(b.originalMatched, b.retrainFloor)));
    if (b.retrainFloor) rows.push(row(`floor:${b.requestIndex}`, `Retrain vs retrain${suffix}`, 'noise-floor', b.requestIndex, b.retrainFloor));
  }
  for (const m of s.methods ?? []) {
    if (m.perExample === undefined || notChosen(m.methodId ?? '', m.config ?? null)) continue;
    const config = m.config && Object.keys(m.config).length ? ` (${Object.entries(m.config).map(([k, v]) => `${k}=${String(v)}`).join(', ')})` : '';
    const name = `${methodNames[m.methodId ?? ''] ?? m.methodId ?? 'method'}${config}${multi ? `, request ${(m.requestIndex ?? 0) + 1}` : ''}`;
    rows.push(row(`method:${m.methodId}:${JSON.stringify(m.config)}:${m.requestIndex}`, name, 'method', m.requestIndex ?? 0, m.perExample, m.perExampleMatched));
  }
  return rows;
}
