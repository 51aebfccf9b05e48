/**
 * The live preview shown before a scenario is saved: how big the forget set is, whom and what
 * it contains compared with the rest of the training split, and what the poison looks like.
 * Imports no node:crypto, so it can run in a route handler or a worker alike.
 */
import type { CodedAttribute, DatasetArrays } from '@/lib/data/types';
import { resolveForgetSet, type ScenarioResolution } from './forget-set';
import { maskFromRows } from './row-set';
import { pickCount } from './sample';
import type { ScenarioCategory, ScenarioSpecInput } from './spec';

export const PREVIEW_SUBJECT_IDS = 50;
export const PREVIEW_POISON_SAMPLES = 12;

/** One value (class or group) in the forget set vs the retained training rows. */
export interface CompositionEntry {
  value: string;
  forget: number;
  /** Share of the forget set with this value. */
  forgetShare: number;
  retain: number;
  /** Share of the retained training rows with this value. */
  retainShare: number;
}

export interface PoisonedCell {
  column: string;
  original: number | string;
  poisoned: number | string;
}

export interface PoisonSample {
  row: number;
  /** Whether this row is in the forget set (identified) or stays in retain. */
  identified: boolean;
  originalLabel: string;
  poisonedLabel: string;
  /** Tabular: feature cells the poison changed. Empty for label flips. */
  cells: PoisonedCell[];
  /** Images: the poisoned image (height x width x channels), trigger visible. */
  pixels?: Uint8Array;
}

export interface ScenarioPreview {
  category: ScenarioCategory;
  trainCount: number;
  testCount: number;
  forgetCount: number;
  retainCount: number;
  /** forgetCount / trainCount. */
  forgetShare: number;
  classes: CompositionEntry[];
  groups: { attribute: string; values: CompositionEntry[] }[];
  subjects?: {
    /** Distinct subjects with at least one forgotten row. */
    count: number;
    /** Of those, how many have no training row left in retain. */
    fullyForgotten: number;
    /** The first PREVIEW_SUBJECT_IDS affected subject ids (in dataset order). */
    ids: string[];
  };
  /** Size of each sequential request's (cumulative) forget set. */
  requestSizes: number[];
  poison?: {
    kind: 'labelFlip' | 'randomLabelFlip' | 'backdoor';
    poisonedCount: number;
    identifiedCount: number;
    unidentifiedCount: number;
    imageShape?: DatasetArrays['imageShape'];
    triggeredTestCount?: number;
    sample: PoisonSample[];
  };
}

function countCodes(codes: Int32Array, rows: Int32Array, size: number): number[] {
  const counts = new Array<number>(size).fill(0);
  for (const row of rows) counts[codes[row]]++;
  return counts;
}

function composition(names: string[], codes: Int32Array, forget: Int32Array, retain: Int32Array): CompositionEntry[] {
  const f = countCodes(codes, forget, names.length);
  const r = countCodes(codes, retain, names.length);
  return names.map((value, i) => ({
    value,
    forget: f[i],
    forgetShare: forget.length ? f[i] / forget.length : 0,
    retain: r[i],
    retainShare: retain.length ? r[i] / retain.length : 0,
  }));
}

function subjectSummary(subjects: CodedAttribute, res: ScenarioResolution): ScenarioPreview['subjects'] {
  const forget = countCodes(subjects.codes, res.forgetRows, subjects.values.length);
  const retain = countCodes(subjects.codes, res.retainRows, subjects.values.length);
  const affected: number[] = [];
  forget.forEach((n, code) => { if (n > 0) affected.push(code); });
  return {
    count: affected.length,
    fullyForgotten: affected.filter((code) => retain[code] === 0).length,
    ids: affected.slice(0, PREVIEW_SUBJECT_IDS).map((code) => subjects.values[code]),
  };
}

function cellValue(ds: DatasetArrays, columnIndex: number, row: number): number | string {
  const col = ds.columns[columnIndex];
  return col.type === 'numeric' ? col.values[row] : col.categories[col.codes[row]];
}

function poisonSample(original: DatasetArrays, res: ScenarioResolution, row: number, identified: Uint8Array): PoisonSample {
  const poisonedDs = res.dataset;
  const sample: PoisonSample = {
    row,
    identified: identified[row] === 1,
    originalLabel: original.classNames[original.labels[row]],
    poisonedLabel: original.classNames[poisonedDs.labels[row]],
    cells: [],
  };
  original.columns.forEach((col, i) => {
    const before = cellValue(original, i, row);
    const after = cellValue(poisonedDs, i, row);
    if (before !== after) sample.cells.push({ column: col.name, original: before, poisoned: after });
  });
  if (poisonedDs.pixels && poisonedDs.imageShape) {
    const { height, width, channels } = poisonedDs.imageShape;
    const size = height * width * channels;
    sample.pixels = poisonedDs.pixels.slice(row * size, (row + 1) * size);
  }
  return sample;
}

export function previewScenario(ds: DatasetArrays, spec: ScenarioSpecInput): ScenarioPreview {
  const res = resolveForgetSet(ds, spec);
  const trainCount = ds.split.train.length;
  const preview: ScenarioPreview = {
    category: res.category,
    trainCount,
    testCount: res.testRows.length,
    forgetCount: res.forgetRows.length,
    retainCount: res.retainRows.length,
    forgetShare: res.forgetRows.length / trainCount,
    classes: composition(ds.classNames, ds.labels, res.forgetRows, res.retainRows),
    groups: ds.groups.map((g) => ({
      attribute: g.name,
      values: composition(g.values, g.codes, res.forgetRows, res.retainRows),
    })),
    subjects: ds.subjects ? subjectSummary(ds.subjects, res) : undefined,
    requestSizes: res.requests.map((r) => r.length),
  };

  if (res.poisoned && res.spec.category === 'security') {
    const { rows, identifiedRows } = res.poisoned;
    const count = Math.min(PREVIEW_POISON_SAMPLES, rows.length);
    // A seeded spread over all poisoned rows rather than the lowest ids, so the sample shows
    // both identified and unidentified rows; seeded so the preview is stable.
    const sampleRows = pickCount(rows, count, res.spec.seed, 'preview');
    const identified = maskFromRows(ds.rowCount, identifiedRows);
    preview.poison = {
      kind: res.spec.injection.kind,
      poisonedCount: rows.length,
      identifiedCount: identifiedRows.length,
      unidentifiedCount: rows.length - identifiedRows.length,
      imageShape: ds.imageShape,
      triggeredTestCount: res.triggeredTest?.rows.length,
      sample: Array.from(sampleRows, (row) => poisonSample(ds, res, row, identified)),
    };
  }
  return preview;
}
