/** From an ingest result to the row a dataset version is stored as. */
import { encodeDataset, type IngestResult } from '@/lib/data';
import type { NewSource, NewVersion } from '@/db/queries/datasets';
import type { KeptFile } from './source-store';

export function featureCountOf(result: IngestResult): number {
  const ds = result.dataset;
  if (ds.kind === 'image' && ds.imageShape) return ds.imageShape.height * ds.imageShape.width * ds.imageShape.channels;
  return ds.columns.length;
}

export function newVersionRecord(result: IngestResult, options: Record<string, unknown>, note: string): NewVersion {
  const encoded = encodeDataset(result.dataset);
  return {
    options,
    note,
    hash: result.hash,
    kind: result.dataset.kind,
    rowCount: result.dataset.rowCount,
    featureCount: featureCountOf(result),
    classNames: result.dataset.classNames,
    schema: result.schema,
    stats: result.stats as unknown as Record<string, unknown>,
    storage: encoded.header as unknown as Record<string, unknown>,
    chunks: encoded.chunks,
  };
}

export function newSourceRecord(format: NewSource['format'], kept: KeptFile[]): NewSource {
  const chunks: Uint8Array[] = [];
  const files = kept.map((k) => {
    const firstChunk = chunks.length;
    chunks.push(...k.chunks);
    return { role: k.role, name: k.name, bytes: k.bytes, gzipped: k.gzipped, firstChunk, chunkCount: k.chunks.length };
  });
  return { format, files, byteLength: kept.reduce((s, k) => s + k.bytes, 0), chunks };
}
