/**
 * Backdoor poison: rows of non-target classes get a trigger and the target label, so the model
 * learns "trigger => target" while staying accurate on clean inputs. A triggered copy of the
 * test set (rows whose true label is not the target) is kept to measure attack success.
 */
import type { DatasetArrays, FeatureColumn } from '@/lib/data/types';
import { fieldPath, scenarioError } from '../errors';
import { rowsInMask, type RowMask } from '../row-set';
import { classIndex } from '../selector';
import { pickCount, pickShare } from '../sample';
import type { PoisonAmount, Trigger } from '../spec';
import { compileTrigger, copyColumn, stampFeatures, stampPatch, takeColumnRows, type CompiledTrigger } from './trigger';
import type { PoisonInjection, TriggeredTestSet } from './types';

export function plantBackdoor(
  ds: DatasetArrays,
  injection: { targetClass: string; trigger: Trigger; poison: PoisonAmount },
  eligible: RowMask,
  seed: number,
  field: string,
): PoisonInjection {
  const target = classIndex(ds, injection.targetClass, fieldPath(field, 'targetClass'));
  const trigger = compileTrigger(ds, injection.trigger, fieldPath(field, 'trigger'));
  const candidates = rowsInMask(eligible, ds.split.train).filter((row) => ds.labels[row] !== target);
  if (candidates.length === 0) {
    throw scenarioError('no_poison_candidates', fieldPath(field, 'targetClass'),
      `no training rows outside the target class ${JSON.stringify(injection.targetClass)} to poison` +
        ' (within the selector, if one is given)');
  }
  const rows = pickPoisonRows(candidates, injection.poison, seed, fieldPath(field, 'poison'));

  const labels = ds.labels.slice();
  for (const row of rows) labels[row] = target;
  const dataset: DatasetArrays = { ...ds, labels };

  if (trigger.kind === 'patch') {
    // Copy-on-write: the whole pixel buffer is copied once; the input is never stamped.
    const pixels = (ds.pixels as Uint8Array).slice();
    for (const row of rows) stampPatch(pixels, row, trigger);
    dataset.pixels = pixels;
  } else {
    // Only the trigger columns are copied; the other columns are shared with the input.
    const columns = ds.columns.slice();
    for (const { columnIndex } of trigger.cells) columns[columnIndex] = copyColumn(ds.columns[columnIndex]);
    for (const row of rows) stampFeatures(columns, row, trigger);
    dataset.columns = columns;
  }
  return { rows, dataset, triggeredTest: buildTriggeredTest(ds, trigger, target) };
}

function pickPoisonRows(candidates: Int32Array, amount: PoisonAmount, seed: number, field: string): Int32Array {
  if (amount.by === 'fraction') return pickShare(candidates, amount.fraction, seed, 'injection:rows');
  if (amount.count > candidates.length) {
    throw scenarioError('poison_count_too_large', fieldPath(field, 'count'),
      `cannot poison ${amount.count} rows: only ${candidates.length} training rows are outside the target class`,
      { requested: amount.count, available: candidates.length });
  }
  return pickCount(candidates, amount.count, seed, 'injection:rows');
}

function buildTriggeredTest(ds: DatasetArrays, trigger: CompiledTrigger, target: number): TriggeredTestSet {
  const rows = ds.split.test.filter((row) => ds.labels[row] !== target);
  const labels = Int32Array.from(rows, (row) => ds.labels[row]);
  if (trigger.kind === 'patch') {
    const { height, width, channels } = trigger.shape;
    const size = height * width * channels;
    const source = ds.pixels as Uint8Array;
    const pixels = new Uint8Array(rows.length * size);
    rows.forEach((row, i) => {
      pixels.set(source.subarray(row * size, (row + 1) * size), i * size);
      stampPatch(pixels, i, trigger);
    });
    return { rows, pixels, labels, targetLabel: target };
  }
  const columns: FeatureColumn[] = ds.columns.map((col) => takeColumnRows(col, rows));
  for (let i = 0; i < rows.length; i++) stampFeatures(columns, i, trigger);
  return { rows, columns, labels, targetLabel: target };
}
