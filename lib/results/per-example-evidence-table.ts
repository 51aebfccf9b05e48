/**
 * Rows of the dashboard's "per-example attacks" card from a study summary: per method
 * configuration and request, U-LiRA (AUC, TPR at 1% FPR, N) and KLoM (95th percentile over
 * forget, retain and test examples, N per side), beside the original's values (the null
 * baseline: doing nothing) and retrain against retrain (the noise floor). Values are rounded to
 * the 3 decimals the card shows; the per-example export has every model's outputs.
 */
import type { PerExampleEvidence } from '@/lib/metrics/per-example-evidence';

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
  methods?: Array<{ methodId?: string; config?: Record<string, unknown> | null; requestIndex?: number; perExample?: PerExampleEvidence | null }>;
  perExampleBaselines?: Array<{ requestIndex: number; original: PerExampleEvidence | null; retrainFloor: PerExampleEvidence | null }>;
}

/** Rounded as the card shows them (3 decimals), so a page does not carry 16-digit numbers. */
const shown = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.round(x * 1e3) / 1e3);

function row(key: string, label: string, role: PerExampleEvidenceRow['role'], requestIndex: number, e: PerExampleEvidence | null): PerExampleEvidenceRow {
  const p95 = (s: 'forget' | 'retain' | 'test') => shown(e?.klom[s]?.percentiles.p95);
  const k = e?.klom.forget ?? e?.klom.retain ?? e?.klom.test;
  const notes = [e?.uLiraNote, e?.klomNote, e && e.skippedModels ? `${e.skippedModels} model(s) left out: their rows differ from the retrained models'.` : null].filter((n): n is string => !!n);
  return {
    key,
    label,
    role,
    requestIndex,
    uLiraAuc: shown(e?.uLira?.auc),
    uLiraTprAtLowFpr: shown(e?.uLira?.tprAtLowFpr),
    uLiraModels: e?.uLira?.numModels ?? null,
    klomP95: { forget: p95('forget'), retain: p95('retain'), test: p95('test') },
    klomModels: k ? `${k.unlearnedModels} vs ${k.retrainedModels}` : null,
    note: e ? notes.join(' ') || null : 'No per-example outputs stored for these runs.',
  };
}

/** Card rows, or [] when the summary has no per-example evidence (an older or unfinished study). */
export function perExampleEvidenceRows(summary: unknown, methodNames: Record<string, string>): PerExampleEvidenceRow[] {
  const s = (summary ?? {}) as SummaryShape;
  const rows: PerExampleEvidenceRow[] = [];
  const requests = new Set((s.methods ?? []).map((m) => m.requestIndex ?? 0));
  const multi = requests.size > 1;
  for (const b of s.perExampleBaselines ?? []) {
    const suffix = multi ? ` (request ${b.requestIndex + 1})` : '';
    if (b.original) rows.push(row(`original:${b.requestIndex}`, `Original, no unlearning${suffix}`, 'null-baseline', b.requestIndex, b.original));
    if (b.retrainFloor) rows.push(row(`floor:${b.requestIndex}`, `Retrain vs retrain${suffix}`, 'noise-floor', b.requestIndex, b.retrainFloor));
  }
  for (const m of s.methods ?? []) {
    if (m.perExample === undefined) continue;
    const config = m.config && Object.keys(m.config).length ? ` (${Object.entries(m.config).map(([k, v]) => `${k}=${String(v)}`).join(', ')})` : '';
    const name = `${methodNames[m.methodId ?? ''] ?? m.methodId ?? 'method'}${config}${multi ? `, request ${(m.requestIndex ?? 0) + 1}` : ''}`;
    rows.push(row(`method:${m.methodId}:${JSON.stringify(m.config)}:${m.requestIndex}`, name, 'method', m.requestIndex ?? 0, m.perExample));
  }
  return rows;
}
