/**
 * Content hash of a dataset version: sha256 over a versioned prefix, the canonical JSON of the
 * metadata, the schema and the array directory (keys, dtypes, lengths), then every array's
 * bytes in order. Lengths are in the directory, so the concatenation is unambiguous. The
 * split is part of the arrays: a different split is a different version.
 */

import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { datasetFields, datasetMeta } from './dataset-fields';
import type { DatasetArrays } from './types';

const HASH_FORMAT = 'lethe-dataset-hash-v1';

/** `schema` is any JSON value describing how the data was read (CSV column schema, image options). */
export function hashDataset(ds: DatasetArrays, schema: unknown): string {
  const fields = datasetFields(ds);
  const directory = fields.map((f) => ({ key: f.key, dtype: f.dtype, length: f.length }));
  const hash = createHash('sha256');
  hash.update(`${HASH_FORMAT}\n`);
  hash.update(canonicalJson({ meta: datasetMeta(ds), schema, arrays: directory }));
  hash.update('\n');
  for (const f of fields) hash.update(f.bytes);
  return hash.digest('hex');
}
