/**
 * lib/data: parsing, validation, schema inference, splits, stats, hashing and the storage
 * codec for dataset versions. Pure: bytes in, arrays out; no database, HTTP or files.
 */

export type * from './types';
export { DataError, type DataErrorCode, type DataErrorDetails } from './errors';
export { DEFAULT_LIMITS, resolveLimits, type DataLimits } from './limits';
export type { ByteSource } from './stream/byte-source';
export type { IngestProgress, IngestResult, ProgressCallback, SourceInfo, SplitOptions } from './finalize';
export type { DatasetStats, ColumnSummary, NumericSummary, CategoricalSummary, HistogramBin, SubjectStats, GroupSizes, ImageStats } from './stats';

export { ingestCsv, type CsvIngestOptions } from './csv/ingest-csv';
export { previewCsv, type CsvPreview, type PreviewOptions } from './csv/preview';
export { inferSchema, resolveSchema, defaultMissingPolicy, type ColumnOverride } from './csv/schema-inference';
export type { Delimiter } from './csv/delimiter';
export { ingestIdx, type IdxIngestOptions, type IdxPair } from './idx/ingest-idx';
export { ingestImageZip, type ZipIngestOptions } from './zip/ingest-zip';

export { stratifiedSplit, presetSplit, DEFAULT_TRAIN_FRACTION, DEFAULT_SPLIT_SEED } from './split';
export { hashDataset } from './hash';
export { encodeDataset, decodeDataset, DEFAULT_CHUNK_BYTES, type EncodedDataset, type StoredDatasetHeader, type StoredArrayRef } from './codec';
export { rowsForDisplay, csvSafeCell, csvLine, formatFloat32, type DisplayRows, type DisplayRow } from './display';
export { naturalCompare, naturalSort } from './natural-sort';
