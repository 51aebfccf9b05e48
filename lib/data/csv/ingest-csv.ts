/**
 * CSV/TSV ingest: streams bytes through the tokenizer, infers the schema from the first rows,
 * applies the user's corrections, and encodes every later row straight into compact columns.
 * Memory is one chunk + the current record + the encoded columns.
 */

import { DataError, quoteValue } from '../errors';
import { finalizeDataset, type IngestResult, type ProgressCallback, type SplitOptions } from '../finalize';
import { fillCodeMode, fillMedian, fillNumericMode } from '../impute';
import { formatBytes, resolveLimits, type DataLimits } from '../limits';
import type { ByteSource } from '../stream/byte-source';
import { summarizeCoded, summarizeNumeric, type ColumnSummary } from '../stats';
import type { CodedAttribute, ColumnSchema, FeatureColumn } from '../types';
import { decodeCell, isMissingBytes } from './cell-text';
import { CategoryDictionary, GrowableFloat32 } from './column-builders';
import { checkFieldCount, isBlankRecord, readHeader, recordToStrings } from './header';
import { parseNumberBytes } from './number-parse';
import { inferSchema, resolveSchema, type ColumnOverride } from './schema-inference';
import { CsvTokenizer, type CsvRecord } from './tokenizer';

export interface CsvIngestOptions extends SplitOptions {
  /** The user's corrections to the inferred schema, by column name. */
  schema?: ColumnOverride[];
  limits?: Partial<DataLimits>;
  onProgress?: ProgressCallback;
  /** Rows sampled for type inference before encoding starts; default 1000. */
  inferenceRows?: number;
}

interface NumericEncoder {
  kind: 'numeric';
  index: number;
  schema: ColumnSchema;
  values: GrowableFloat32;
}

interface CodedEncoder {
  kind: 'coded';
  index: number;
  schema: ColumnSchema;
  dict: CategoryDictionary;
}

type ColumnEncoder = NumericEncoder | CodedEncoder;

const SPACE = 0x20;

/** A record copied out of the tokenizer's reused buffers, kept until the schema is known. */
function copyRecord(r: CsvRecord): CsvRecord {
  const end = r.count > 0 ? r.ends[r.count - 1] : 0;
  return { bytes: r.bytes.slice(0, end), starts: r.starts.slice(0, r.count), ends: r.ends.slice(0, r.count), count: r.count, line: r.line };
}

class CsvIngest {
  header: string[] | null = null;
  schema: ColumnSchema[] | null = null;
  records = 0;
  rows = 0;
  dropped = 0;
  private sample: CsvRecord[] = [];
  private encoders: ColumnEncoder[] = [];
  private dropColumns: number[] = [];

  constructor(
    private readonly options: CsvIngestOptions,
    private readonly limits: DataLimits,
  ) {}

  readonly onRecord = (record: CsvRecord): void => {
    if (this.header === null) {
      if (isBlankRecord(record)) return; // blank lines before the header
      this.header = readHeader(record, this.limits);
      return;
    }
    if (isBlankRecord(record)) return;
    checkFieldCount(record, this.header.length);
    if (++this.records > this.limits.maxRows) {
      throw new DataError('too_many_rows', `Line ${record.line}: the file has more than ${this.limits.maxRows} rows, the limit.`, {
        line: record.line,
        limit: this.limits.maxRows,
      });
    }
    if (this.schema !== null) {
      this.encode(record);
      return;
    }
    this.sample.push(copyRecord(record));
    if (this.sample.length >= (this.options.inferenceRows ?? 1000)) this.resolve();
  };

  /** Infers the schema from the sample, applies overrides, then encodes the sample. */
  resolve(): void {
    const header = this.header ?? [];
    const sampleText = this.sample.map((r) => recordToStrings(r, header));
    this.schema = resolveSchema(inferSchema(header, sampleText), this.options.schema);
    this.schema.forEach((col, index) => {
      if (col.role === 'ignore') return;
      if (col.missing === 'drop') this.dropColumns.push(index);
      this.encoders.push(
        col.role === 'feature' && col.type === 'numeric'
          ? { kind: 'numeric', index, schema: col, values: new GrowableFloat32() }
          : { kind: 'coded', index, schema: col, dict: new CategoryDictionary() },
      );
    });
    for (const r of this.sample) this.encode(r);
    this.sample = [];
  }

  /** The hot path: one call per data row. */
  private encode(record: CsvRecord): void {
    const { bytes, starts, ends } = record;
    for (const index of this.dropColumns) {
      let s = starts[index];
      let e = ends[index];
      while (s < e && bytes[s] === SPACE) s++;
      while (e > s && bytes[e - 1] === SPACE) e--;
      if (isMissingBytes(bytes, s, e)) {
        this.dropped++;
        return;
      }
    }
    for (const enc of this.encoders) {
      let s = starts[enc.index];
      let e = ends[enc.index];
      while (s < e && bytes[s] === SPACE) s++;
      while (e > s && bytes[e - 1] === SPACE) e--;
      if (isMissingBytes(bytes, s, e)) {
        if (enc.schema.missing === 'error') {
          throw new DataError(
            'missing_value',
            `Line ${record.line}, column ${JSON.stringify(enc.schema.name)}: the value is missing, and this column's missing-value policy is "error" (choose drop row, median or mode to accept it).`,
            { line: record.line, column: enc.schema.name },
          );
        }
        if (enc.kind === 'numeric') enc.values.push(NaN);
        else enc.dict.pushMissing();
        continue;
      }
      if (enc.kind === 'numeric') {
        const v = parseNumberBytes(bytes, s, e);
        if (Number.isNaN(v)) {
          const value = decodeCell(bytes, s, e) ?? '(invalid UTF-8)';
          throw new DataError(
            'not_numeric',
            `Line ${record.line}, column ${JSON.stringify(enc.schema.name)}: ${quoteValue(value)} is not a number, but the column is numeric (declare it categorical, or mark the cell missing with an empty cell, NA, NaN or ?).`,
            { line: record.line, column: enc.schema.name, value: value.slice(0, 200) },
          );
        }
        enc.values.push(v);
      } else if (!enc.dict.pushBytes(bytes, s, e)) {
        throw new DataError('invalid_utf8', `Line ${record.line}, column ${JSON.stringify(enc.schema.name)}: the value is not valid UTF-8 text.`, {
          line: record.line,
          column: enc.schema.name,
        });
      }
    }
    this.rows++;
  }

  /** Turns the encoded columns into the final arrays: sort categories, summarise, fill. */
  build(): { columns: FeatureColumn[]; labels: Int32Array; classNames: string[]; labelColumn: string; subjects?: CodedAttribute; groups: CodedAttribute[]; summaries: ColumnSummary[] } {
    const columns: FeatureColumn[] = [];
    const groups: CodedAttribute[] = [];
    const summaries: ColumnSummary[] = [];
    let labels: Int32Array = new Int32Array(0);
    let classNames: string[] = [];
    let labelColumn = '';
    let subjects: CodedAttribute | undefined;
    for (const enc of this.encoders) {
      const { name, role, missing } = enc.schema;
      if (enc.kind === 'numeric') {
        const values = enc.values.toArray();
        summaries.push(summarizeNumeric(name, role, values));
        if (missing === 'median') fillMedian(values);
        else if (missing === 'mode') fillNumericMode(values);
        columns.push({ name, type: 'numeric', values });
        continue;
      }
      const { names, codes } = enc.dict.finish();
      summaries.push(summarizeCoded(name, role, codes, names));
      if (missing === 'mode') fillCodeMode(codes, names.length);
      if (role === 'feature') columns.push({ name, type: 'categorical', categories: names, codes });
      else if (role === 'label') {
        labels = codes;
        classNames = names;
        labelColumn = name;
      } else if (role === 'subject') subjects = { name, values: names, codes };
      else groups.push({ name, values: names, codes });
    }
    return { columns, labels, classNames, labelColumn, subjects, groups, summaries };
  }
}

export async function ingestCsv(source: ByteSource, options: CsvIngestOptions = {}): Promise<IngestResult> {
  const limits = resolveLimits(options.limits);
  const ingest = new CsvIngest(options, limits);
  const tokenizer = new CsvTokenizer(ingest.onRecord);
  for await (const chunk of source) {
    if (tokenizer.bytesSeen + chunk.length > limits.maxBytes) {
      throw new DataError('file_too_large', `The file is larger than ${formatBytes(limits.maxBytes)}, the limit.`, { limit: limits.maxBytes });
    }
    tokenizer.push(chunk);
    options.onProgress?.({ bytes: tokenizer.bytesSeen, rows: ingest.records });
  }
  tokenizer.finish();
  if (ingest.header === null) throw new DataError('empty_file', 'The file is empty: expected a header row and data rows.');
  if (ingest.records === 0) {
    throw new DataError('no_rows', 'The file has a header row but no data rows.', { line: 2 });
  }
  if (ingest.schema === null) ingest.resolve();
  const schema = ingest.schema ?? [];
  const built = ingest.build();
  return finalizeDataset({
    kind: 'tabular',
    rowCount: ingest.rows,
    columns: built.columns,
    labels: built.labels,
    classNames: built.classNames,
    labelSource: `Label column ${JSON.stringify(built.labelColumn)}`,
    labelColumn: built.labelColumn,
    subjects: built.subjects,
    groups: built.groups,
    columnSummaries: built.summaries,
    droppedRows: ingest.dropped,
    trainFraction: options.trainFraction,
    splitSeed: options.splitSeed,
    schema,
    source: { format: 'csv', delimiter: tokenizer.delimiter ?? ',', bytes: tokenizer.bytesSeen },
  });
}
