/**
 * Backdoor triggers: checked against the dataset once, then stamped onto rows. The same stamp
 * is used for poisoned training rows and for the triggered test copy, so attack success is
 * measured with exactly the trigger the model was poisoned with.
 */
import type { DatasetArrays, FeatureColumn, ImageShape } from '@/lib/data/types';
import { fieldPath, formatList, scenarioError } from '../errors';
import { categoryCode, numericColumnValue } from '../column-values';
import type { Trigger } from '../spec';

export type CompiledTrigger =
  | { kind: 'patch'; shape: ImageShape; size: number; row: number; col: number; value: number }
  /** Feature column index and stored value (float32 number or category code). */
  | { kind: 'features'; cells: { columnIndex: number; value: number }[] };

export function compileTrigger(ds: DatasetArrays, trigger: Trigger, field: string): CompiledTrigger {
  if (trigger.kind === 'patch') {
    if (ds.kind !== 'image' || !ds.imageShape || !ds.pixels) {
      throw scenarioError('trigger_kind_mismatch', fieldPath(field, 'kind'),
        'a patch trigger needs an image dataset; this dataset is tabular (use kind features)');
    }
    const { height, width } = ds.imageShape;
    if (trigger.size > height || trigger.size > width) {
      throw scenarioError('trigger_too_large', fieldPath(field, 'size'),
        `a ${trigger.size}x${trigger.size} patch does not fit in ${height}x${width} images`,
        { size: trigger.size, height, width });
    }
    if (trigger.row + trigger.size > height) {
      throw scenarioError('trigger_out_of_bounds', fieldPath(field, 'row'),
        `a ${trigger.size}-pixel patch at row ${trigger.row} runs past the image height ${height} ` +
          `(row must be at most ${height - trigger.size})`,
        { row: trigger.row, size: trigger.size, height });
    }
    if (trigger.col + trigger.size > width) {
      throw scenarioError('trigger_out_of_bounds', fieldPath(field, 'col'),
        `a ${trigger.size}-pixel patch at column ${trigger.col} runs past the image width ${width} ` +
          `(col must be at most ${width - trigger.size})`,
        { col: trigger.col, size: trigger.size, width });
    }
    return { kind: 'patch', shape: ds.imageShape, size: trigger.size, row: trigger.row, col: trigger.col, value: trigger.value };
  }

  if (ds.kind !== 'tabular') {
    throw scenarioError('trigger_kind_mismatch', fieldPath(field, 'kind'),
      'a features trigger needs a tabular dataset; this dataset holds images (use kind patch)');
  }
  const seen = new Set<string>();
  const cells = trigger.values.map(({ column, value }, i) => {
    const cellField = fieldPath(fieldPath(field, 'values'), i);
    // Only feature columns: sensitive attributes and subjects are not model inputs, so a
    // trigger there would teach the model nothing.
    const columnIndex = ds.columns.findIndex((c) => c.name === column);
    if (columnIndex < 0) {
      throw scenarioError('unknown_column', fieldPath(cellField, 'column'),
        `no feature column ${JSON.stringify(column)}; feature columns: ${formatList(ds.columns.map((c) => c.name), 30)}`,
        { column, available: ds.columns.map((c) => c.name) });
    }
    if (seen.has(column)) {
      throw scenarioError('invalid_value', fieldPath(cellField, 'column'),
        `column ${JSON.stringify(column)} is set twice in the trigger`, { column });
    }
    seen.add(column);
    const col = ds.columns[columnIndex];
    const valueField = fieldPath(cellField, 'value');
    const stored = col.type === 'numeric'
      ? numericColumnValue(col.name, value, valueField)
      : categoryCode(col.name, col.categories, value, valueField);
    return { columnIndex, value: stored };
  });
  return { kind: 'features', cells };
}

/** Sets the patch in image `imageIndex` of an NHWC buffer (all channels to one value). */
export function stampPatch(pixels: Uint8Array, imageIndex: number, trigger: Extract<CompiledTrigger, { kind: 'patch' }>): void {
  const { height, width, channels } = trigger.shape;
  const base = imageIndex * height * width * channels;
  for (let y = trigger.row; y < trigger.row + trigger.size; y++) {
    for (let x = trigger.col; x < trigger.col + trigger.size; x++) {
      const offset = base + (y * width + x) * channels;
      pixels.fill(trigger.value, offset, offset + channels);
    }
  }
}

/** Sets the trigger cells at `row` of columns that the caller owns (already copied). */
export function stampFeatures(columns: FeatureColumn[], row: number, trigger: Extract<CompiledTrigger, { kind: 'features' }>): void {
  for (const { columnIndex, value } of trigger.cells) {
    const col = columns[columnIndex];
    if (col.type === 'numeric') col.values[row] = value;
    else col.codes[row] = value;
  }
}

/** A column with its own copy of the data, so stamping never touches the input dataset. */
export function copyColumn(col: FeatureColumn): FeatureColumn {
  return col.type === 'numeric'
    ? { ...col, values: col.values.slice() }
    : { ...col, codes: col.codes.slice() };
}

/** The given rows of a column, in the given order. */
export function takeColumnRows(col: FeatureColumn, rows: Int32Array): FeatureColumn {
  if (col.type === 'numeric') return { ...col, values: Float32Array.from(rows, (r) => col.values[r]) };
  return { ...col, codes: Int32Array.from(rows, (r) => col.codes[r]) };
}
