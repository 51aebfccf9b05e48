/**
 * CSV and JSON exports of a results table. Numbers are written raw (JavaScript's shortest
 * round-tripping form), so parsing an export gives back exactly the numbers the table formats:
 * fractions stay fractions (0.932, shown as 93.2%), gaps stay absolute differences.
 */
import type { ResultRow, ResultsTable, Stat } from './aggregate';
import type { SweepGroup } from './sweep';
import { metricInfo } from './catalogue';

export interface ExportCell {
  mean: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  n: number;
  /** How the interval was computed (bootstrap-percentile, log-t for speedups, t); null without one. */
  interval: Stat['interval'];
}

/** What names a row of the table, in the table's export and in its per-seed rows alike. */
interface ExportRowIdentity {
  label: string;
  detail: string;
  kind: ResultRow['kind'];
  methodId: string | null;
  config: Record<string, unknown> | null;
  requestIndex: number;
  studyId: string;
}

export interface ExportRow extends ExportRowIdentity {
  key: string;
  baseline: boolean;
  seeds: number[];
  values: Record<string, ExportCell | null>;
  gaps: Record<string, ExportCell | null>;
  /**
   * Forget quality's N (models per side) and ε ceiling ceil(ln(N − 1)), and why it has no value
   * (e.g. "not computable with N = 2: ..."); null for rows without a distinguishability score.
   */
  forgetQuality: { numModels: number; epsilonCeiling: number; notComputable: string | null } | null;
}

/** One run (a seed) of a row: every metric it has, not only the chosen columns. */
export interface ExportSeedRow extends ExportRowIdentity {
  row: string;
  runId: string;
  seed: number;
  status: string;
  values: Record<string, number>;
  /** |run − baseline run of the same seed| (or the baseline's mean, for a seed it lacks). */
  gaps: Record<string, number>;
}

export interface ResultsExport {
  format: 'lethe.results.v1';
  title: string;
  category: string | null;
  baseline: string;
  confidence: 0.95;
  columns: Array<{ key: string; label: string; unit: string; hasGap: boolean }>;
  rows: ExportRow[];
  /** Present when the table was aggregated with per-seed rows. */
  seedRows?: ExportSeedRow[];
  sweeps?: SweepGroup[];
  notes: string[];
}

function cell(stat: Stat | undefined): ExportCell | null {
  if (!stat || stat.mean === null) return null;
  return { mean: stat.mean, ciLow: stat.ciLow, ciHigh: stat.ciHigh, n: stat.n, interval: stat.interval };
}

function columnsOf(table: ResultsTable, columns?: readonly string[]): string[] {
  const wanted = columns?.length ? columns.filter((c) => table.metrics.includes(c)) : table.metrics;
  return wanted.length ? [...wanted] : table.metrics;
}

export function tableToJson(table: ResultsTable, title: string, columns?: readonly string[]): ResultsExport {
  const keys = columnsOf(table, columns);
  return {
    format: 'lethe.results.v1',
    title,
    category: table.category,
    baseline: table.baselineLabel,
    confidence: 0.95,
    columns: keys.map((k) => {
      const info = metricInfo(k);
      return { key: k, label: info.label, unit: info.unit, hasGap: info.hasGap };
    }),
    rows: table.rows.map((r) => ({
      key: r.key,
      label: r.label,
      detail: r.detail,
      kind: r.kind,
      methodId: r.methodId,
      config: r.methodConfig,
      requestIndex: r.requestIndex,
      studyId: r.studyId,
      baseline: r.baseline,
      seeds: r.seeds,
      values: Object.fromEntries(keys.map((k) => [k, cell(r.values[k])])),
      gaps: Object.fromEntries(keys.filter((k) => metricInfo(k).hasGap).map((k) => [k, r.baseline ? { mean: 0, ciLow: 0, ciHigh: 0, n: r.seeds.length, interval: null } : cell(r.gaps[k])])),
      forgetQuality: r.distinguishability
        ? { numModels: r.distinguishability.numModels, epsilonCeiling: r.distinguishability.epsilonCeiling, notComputable: r.distinguishability.notComputable }
        : null,
    })),
    ...(table.seedRows ? { seedRows: seedRowsOf(table) } : {}),
    // Every grid point of a sweep with its criterion, not only the chosen one the rows hold.
    ...(table.sweeps ? { sweeps: table.sweeps } : {}),
    notes: table.notes,
  };
}

function seedRowsOf(table: ResultsTable): ExportSeedRow[] {
  const rowOf = new Map(table.rows.map((r) => [r.key, r]));
  return (table.seedRows ?? []).flatMap((s) => {
    const r = rowOf.get(s.rowKey);
    if (!r) return [];
    return [{ row: r.key, label: r.label, detail: r.detail, kind: r.kind, methodId: r.methodId, config: r.methodConfig, requestIndex: r.requestIndex, studyId: r.studyId, runId: s.runId, seed: s.seed, status: s.status, values: s.values, gaps: s.gaps }];
  });
}

function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Fixed columns of every CSV export, before the metric columns. */
export const CSV_FIXED_COLUMNS = [
  'row',
  'detail',
  'kind',
  'method',
  'config',
  'request',
  'study',
  'baseline',
  'seeds',
  'forget quality N',
  'forget quality epsilon ceiling',
  'forget quality note',
] as const;

/** One line per row; per metric: mean, 95% CI low and high, and the same for the gap to the baseline. */
export function tableToCsv(table: ResultsTable, title: string, columns?: readonly string[]): string {
  const data = tableToJson(table, title, columns);
  const header: string[] = [...CSV_FIXED_COLUMNS];
  for (const c of data.columns) {
    header.push(`${c.key}`, `${c.key} ci95_low`, `${c.key} ci95_high`);
    if (c.hasGap) header.push(`${c.key} gap`, `${c.key} gap ci95_low`, `${c.key} gap ci95_high`);
  }
  const lines = [header.map(csvField).join(',')];
  for (const r of data.rows) {
    const fields: Array<string | number | boolean | null> = [
      r.label,
      r.detail,
      r.kind,
      r.methodId,
      r.config ? JSON.stringify(r.config) : '',
      r.requestIndex,
      r.studyId,
      r.baseline,
      r.seeds.length,
      r.forgetQuality?.numModels ?? null,
      r.forgetQuality?.epsilonCeiling ?? null,
      r.forgetQuality?.notComputable ?? null,
    ];
    for (const c of data.columns) {
      const v = r.values[c.key];
      fields.push(v?.mean ?? null, v?.ciLow ?? null, v?.ciHigh ?? null);
      if (c.hasGap) {
        const g = r.gaps[c.key];
        fields.push(g?.mean ?? null, g?.ciLow ?? null, g?.ciHigh ?? null);
      }
    }
    lines.push(fields.map(csvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** Fixed columns of a per-seed CSV export, before the metric columns. */
export const SEED_CSV_FIXED_COLUMNS = ['row', 'detail', 'kind', 'method', 'config', 'request', 'study', 'run', 'seed', 'status'] as const;

/**
 * One line per run (seed), with every metric of the table, each followed by its gap to the
 * baseline run of the same seed where the metric has one. Needs a table aggregated with perSeed.
 */
export function seedRowsToCsv(table: ResultsTable): string {
  const rows = seedRowsOf(table);
  const metrics = table.metrics.filter((k) => rows.some((r) => k in r.values));
  const header: string[] = [...SEED_CSV_FIXED_COLUMNS];
  for (const k of metrics) {
    header.push(k);
    if (metricInfo(k).hasGap) header.push(`${k} gap`);
  }
  const lines = [header.map(csvField).join(',')];
  for (const r of rows) {
    const fields: Array<string | number | null> = [r.label, r.detail, r.kind, r.methodId, r.config ? JSON.stringify(r.config) : '', r.requestIndex, r.studyId, r.runId, r.seed, r.status];
    for (const k of metrics) {
      fields.push(r.values[k] ?? null);
      if (metricInfo(k).hasGap) fields.push(r.gaps[k] ?? null);
    }
    lines.push(fields.map(csvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** RFC 4180 parsing (quoted fields, doubled quotes, CRLF), for tests and for reading exports back. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** A file name from a title: letters, digits and dashes. */
export function exportFileName(title: string, extension: string): string {
  return `${slug(title) || 'results'}.${extension}`;
}

/** A chart download's name: the study (or comparison) and the chart, e.g. "mnist-forget-7-speedup.png". */
export function chartFileName(subject: string, chartId: string, extension: 'png' | 'svg'): string {
  const parts = [slug(subject), slug(chartId)].filter(Boolean);
  return `${parts.length ? parts.join('-') : 'chart'}.${extension}`;
}
