/**
 * The canonical list of a dataset version's binary arrays, in a fixed order and compact
 * dtypes. The storage codec stores exactly these bytes and the content hash hashes exactly
 * these bytes, so a stored version and its hash can never disagree.
 */

import type { DatasetArrays, DatasetKind, ImageShape } from './types';

export type StoredDtype = 'uint8' | 'uint16' | 'int32' | 'float32' | 'json';

export interface DatasetField {
  key: string;
  dtype: StoredDtype;
  /** Elements (bytes for `json`). */
  length: number;
  /** Little-endian bytes in `dtype`. */
  bytes: Uint8Array;
}

/** What is not an array: small enough for a JSON header. String tables are fields instead. */
export interface DatasetMeta {
  kind: DatasetKind;
  rowCount: number;
  imageShape?: ImageShape;
  columns: { name: string; type: 'numeric' | 'categorical' }[];
  subjects?: { name: string };
  groups: { name: string }[];
}

// Typed-array bytes are in platform order; every platform Node supports is little-endian.
// Refuse to run rather than store bytes another machine would read differently.
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error('lib/data storage requires a little-endian platform');
}

const encoder = new TextEncoder();

function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** The smallest unsigned dtype that holds every code (int32 if any is negative). */
export function compactCodes(codes: Int32Array): { dtype: StoredDtype; bytes: Uint8Array } {
  let min = 0;
  let max = 0;
  for (const c of codes) {
    if (c < min) min = c;
    if (c > max) max = c;
  }
  if (min >= 0 && max <= 0xff) return { dtype: 'uint8', bytes: Uint8Array.from(codes) };
  if (min >= 0 && max <= 0xffff) return { dtype: 'uint16', bytes: bytesOf(Uint16Array.from(codes)) };
  return { dtype: 'int32', bytes: bytesOf(codes) };
}

function codesField(key: string, codes: Int32Array): DatasetField {
  const { dtype, bytes } = compactCodes(codes);
  return { key, dtype, length: codes.length, bytes };
}

function jsonField(key: string, value: string[]): DatasetField {
  const bytes = encoder.encode(JSON.stringify(value));
  return { key, dtype: 'json', length: bytes.length, bytes };
}

export function datasetMeta(ds: DatasetArrays): DatasetMeta {
  const meta: DatasetMeta = {
    kind: ds.kind,
    rowCount: ds.rowCount,
    columns: ds.columns.map((c) => ({ name: c.name, type: c.type })),
    groups: ds.groups.map((g) => ({ name: g.name })),
  };
  if (ds.imageShape) meta.imageShape = { ...ds.imageShape };
  if (ds.subjects) meta.subjects = { name: ds.subjects.name };
  return meta;
}

export function datasetFields(ds: DatasetArrays): DatasetField[] {
  const fields: DatasetField[] = [jsonField('classNames', ds.classNames)];
  ds.columns.forEach((col, i) => {
    if (col.type === 'numeric') {
      fields.push({ key: `columns/${i}/values`, dtype: 'float32', length: col.values.length, bytes: bytesOf(col.values) });
    } else {
      fields.push(jsonField(`columns/${i}/categories`, col.categories));
      fields.push(codesField(`columns/${i}/codes`, col.codes));
    }
  });
  if (ds.pixels) fields.push({ key: 'pixels', dtype: 'uint8', length: ds.pixels.length, bytes: ds.pixels });
  fields.push(codesField('labels', ds.labels));
  if (ds.subjects) {
    fields.push(jsonField('subjects/values', ds.subjects.values));
    fields.push(codesField('subjects/codes', ds.subjects.codes));
  }
  ds.groups.forEach((g, i) => {
    fields.push(jsonField(`groups/${i}/values`, g.values));
    fields.push(codesField(`groups/${i}/codes`, g.codes));
  });
  fields.push(codesField('split/train', ds.split.train));
  fields.push(codesField('split/test', ds.split.test));
  return fields;
}
