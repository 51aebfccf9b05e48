/**
 * Storage codec: a dataset version as a small JSON header plus binary chunks of at most
 * ~4 MB, for the db layer to store as bytea rows in one transaction. Chunks hold the compact
 * little-endian bytes of dataset-fields.ts (pixels uint8, numeric float32, codes uint8/uint16/
 * int32); decoding copies them into typed arrays with no text parsing (string tables, such
 * as class names, are the only JSON).
 */

import { DataError } from './errors';
import { datasetFields, datasetMeta, type DatasetMeta, type StoredDtype } from './dataset-fields';
import type { CategoricalColumn, CodedAttribute, DatasetArrays, FeatureColumn, NumericColumn } from './types';

export const STORAGE_FORMAT = 'lethe-dataset';
export const STORAGE_VERSION = 1;
export const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;

export interface StoredArrayRef {
  key: string;
  dtype: StoredDtype;
  length: number;
  byteLength: number;
  /** Index into the chunk list of this array's first chunk. */
  firstChunk: number;
  chunkCount: number;
}

export interface StoredDatasetHeader {
  format: typeof STORAGE_FORMAT;
  version: typeof STORAGE_VERSION;
  meta: DatasetMeta;
  arrays: StoredArrayRef[];
}

export interface EncodedDataset {
  header: StoredDatasetHeader;
  /** Views into the dataset's own buffers where possible (no copy). */
  chunks: Uint8Array[];
}

const BYTES_PER_ELEMENT: Record<StoredDtype, number> = { uint8: 1, uint16: 2, int32: 4, float32: 4, json: 1 };

export function encodeDataset(ds: DatasetArrays, chunkBytes = DEFAULT_CHUNK_BYTES): EncodedDataset {
  // Chunk sizes stay multiples of 4 so no element is split across chunks.
  const size = Math.max(4, chunkBytes - (chunkBytes % 4));
  const chunks: Uint8Array[] = [];
  const arrays: StoredArrayRef[] = [];
  for (const field of datasetFields(ds)) {
    const firstChunk = chunks.length;
    for (let offset = 0; offset < field.bytes.length; offset += size) {
      chunks.push(field.bytes.subarray(offset, Math.min(field.bytes.length, offset + size)));
    }
    arrays.push({
      key: field.key,
      dtype: field.dtype,
      length: field.length,
      byteLength: field.bytes.length,
      firstChunk,
      chunkCount: chunks.length - firstChunk,
    });
  }
  return { header: { format: STORAGE_FORMAT, version: STORAGE_VERSION, meta: datasetMeta(ds), arrays }, chunks };
}

function corrupt(message: string): DataError {
  return new DataError('corrupt_storage', `Stored dataset is damaged: ${message}`);
}

export function decodeDataset(header: StoredDatasetHeader, chunks: readonly Uint8Array[]): DatasetArrays {
  if (header.format !== STORAGE_FORMAT || header.version !== STORAGE_VERSION) {
    throw corrupt(`unknown format ${header.format} v${header.version}.`);
  }
  const refs = new Map(header.arrays.map((ref) => [ref.key, ref]));

  const rawBytes = (key: string): { ref: StoredArrayRef; bytes: Uint8Array } => {
    const ref = refs.get(key);
    if (!ref) throw corrupt(`array ${key} is missing.`);
    // A fresh buffer: aligned for any dtype and independent of the caller's chunk buffers.
    const bytes = new Uint8Array(ref.byteLength);
    let offset = 0;
    for (let c = ref.firstChunk; c < ref.firstChunk + ref.chunkCount; c++) {
      const chunk = chunks[c];
      if (!chunk || offset + chunk.length > ref.byteLength) throw corrupt(`chunk ${c} of ${key} is missing or too long.`);
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
    if (offset !== ref.byteLength || ref.byteLength !== ref.length * BYTES_PER_ELEMENT[ref.dtype]) {
      throw corrupt(`${key} has ${offset} bytes, expected ${ref.byteLength}.`);
    }
    return { ref, bytes };
  };

  const codes = (key: string): Int32Array => {
    const { ref, bytes } = rawBytes(key);
    if (ref.dtype === 'uint8') return Int32Array.from(bytes);
    if (ref.dtype === 'uint16') return Int32Array.from(new Uint16Array(bytes.buffer, 0, ref.length));
    if (ref.dtype === 'int32') return new Int32Array(bytes.buffer, 0, ref.length);
    throw corrupt(`${key} has dtype ${ref.dtype}, expected codes.`);
  };

  const strings = (key: string): string[] => {
    const { ref, bytes } = rawBytes(key);
    if (ref.dtype !== 'json') throw corrupt(`${key} has dtype ${ref.dtype}, expected json.`);
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw corrupt(`${key} is not a string list.`);
    return value as string[];
  };

  const { meta } = header;
  const columns: FeatureColumn[] = meta.columns.map((col, i): FeatureColumn => {
    if (col.type === 'numeric') {
      const { ref, bytes } = rawBytes(`columns/${i}/values`);
      if (ref.dtype !== 'float32') throw corrupt(`columns/${i}/values is not float32.`);
      const numeric: NumericColumn = { name: col.name, type: 'numeric', values: new Float32Array(bytes.buffer, 0, ref.length) };
      return numeric;
    }
    const categorical: CategoricalColumn = {
      name: col.name,
      type: 'categorical',
      categories: strings(`columns/${i}/categories`),
      codes: codes(`columns/${i}/codes`),
    };
    return categorical;
  });

  const ds: DatasetArrays = {
    kind: meta.kind,
    rowCount: meta.rowCount,
    columns,
    labels: codes('labels'),
    classNames: strings('classNames'),
    groups: meta.groups.map((g, i): CodedAttribute => ({ name: g.name, values: strings(`groups/${i}/values`), codes: codes(`groups/${i}/codes`) })),
    split: { train: codes('split/train'), test: codes('split/test') },
  };
  if (refs.has('pixels')) ds.pixels = rawBytes('pixels').bytes;
  if (meta.imageShape) ds.imageShape = { ...meta.imageShape };
  if (meta.subjects) ds.subjects = { name: meta.subjects.name, values: strings('subjects/values'), codes: codes('subjects/codes') };
  return ds;
}
