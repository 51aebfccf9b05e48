/**
 * What a run computes on, derived from a dataset version and its resolved scenario (pure):
 * the dataset handed to the ML threads (the poisoned copy for security scenarios, with the
 * triggered test copies appended as extra rows so backdoor success is one more row set), and
 * the row sets of each sequential request.
 */
import type { CodedAttribute, DatasetArrays, FeatureColumn } from '@/lib/data/types';
import type { ResolvedScenario } from '@/lib/scenarios';

export interface RunRowSets {
  /** Every training row (poisoned ones included) but the validation rows: what the original trains on. */
  train: Int32Array;
  test: Int32Array;
  /** A sweeping study's validation rows (validation-split.ts), out of train and every retain set. */
  validation?: Int32Array;
  /** Per request: the cumulative forget set and the rest of the training split. */
  requests: Array<{ forget: Int32Array; retain: Int32Array }>;
  /** Positions of the appended triggered copies, and the backdoor's target class. */
  backdoor?: { rows: Int32Array; targetClass: number };
}

function concatFloat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function concatInt(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function gatherCodes(attr: CodedAttribute, rows: Int32Array): CodedAttribute {
  return { ...attr, codes: concatInt(attr.codes, Int32Array.from(rows, (r) => attr.codes[r])) };
}

/** The dataset the threads train and evaluate on: triggered copies appended after the real rows. */
export function threadDataset(resolved: ResolvedScenario): DatasetArrays {
  const ds = resolved.dataset;
  const triggered = resolved.triggeredTest;
  if (!triggered || triggered.rows.length === 0) return ds;
  const extra = triggered.rows;
  let pixels = ds.pixels;
  if (ds.pixels && triggered.pixels) {
    pixels = new Uint8Array(ds.pixels.length + triggered.pixels.length);
    pixels.set(ds.pixels);
    pixels.set(triggered.pixels, ds.pixels.length);
  }
  const columns: FeatureColumn[] = ds.columns.map((column, i) => {
    const source = triggered.columns?.[i] ?? column;
    const fromTriggered = triggered.columns !== undefined;
    if (column.type === 'numeric') {
      const add = fromTriggered && source.type === 'numeric' ? source.values : Float32Array.from(extra, (r) => column.values[r]);
      return { ...column, values: concatFloat(column.values, add) };
    }
    const add = fromTriggered && source.type === 'categorical' ? source.codes : Int32Array.from(extra, (r) => column.codes[r]);
    return { ...column, codes: concatInt(column.codes, add) };
  });
  return {
    ...ds,
    rowCount: ds.rowCount + extra.length,
    pixels,
    columns,
    labels: concatInt(ds.labels, triggered.labels),
    subjects: ds.subjects ? gatherCodes(ds.subjects, extra) : undefined,
    groups: ds.groups.map((g) => gatherCodes(g, extra)),
  };
}

function difference(all: Int32Array, remove: Int32Array): Int32Array {
  const removed = new Set(remove);
  return all.filter((r) => !removed.has(r));
}

export function runRowSets(resolved: ResolvedScenario, validation?: Int32Array): RunRowSets {
  const train = validation ? difference(resolved.dataset.split.train, validation) : resolved.dataset.split.train;
  const requests = resolved.requests.map((forget) => ({ forget, retain: difference(train, forget) }));
  const triggered = resolved.triggeredTest;
  const base = resolved.dataset.rowCount;
  return {
    train,
    test: resolved.testRows,
    ...(validation ? { validation } : {}),
    requests,
    backdoor: triggered && triggered.rows.length ? { rows: Int32Array.from(triggered.rows, (_, i) => base + i), targetClass: triggered.targetLabel } : undefined,
  };
}
