/**
 * The UI's schema step: the first rows of an upload and the inferred schema, from the first
 * bytes of the file (the browser sends a prefix, e.g. 64 KB, not the whole file).
 */

import { DataError } from '../errors';
import { resolveLimits, type DataLimits } from '../limits';
import type { ColumnSchema } from '../types';
import type { Delimiter } from './delimiter';
import { checkFieldCount, isBlankRecord, readHeader, recordToStrings } from './header';
import { inferSchema } from './schema-inference';
import { CsvTokenizer, type CsvRecord } from './tokenizer';

export interface CsvPreview {
  delimiter: Delimiter;
  header: string[];
  rows: string[][];
  /** 1-based source line of each row in `rows`. */
  lines: number[];
  schema: ColumnSchema[];
  /** True when there may be more rows than shown. */
  truncated: boolean;
}

export interface PreviewOptions {
  /** The bytes are the whole file (so a last line without newline is a full row). Default false. */
  complete?: boolean;
  limits?: Partial<DataLimits>;
}

/** Stops the tokenizer once enough rows are read; caught below, never escapes. */
class EnoughRows extends Error {}

export function previewCsv(bytes: Uint8Array, maxRows = 20, options: PreviewOptions = {}): CsvPreview {
  const limits = resolveLimits(options.limits);
  // Held in an object: TypeScript does not track assignments made inside the callback.
  const seen: { header: string[] | null } = { header: null };
  const rows: string[][] = [];
  const lines: number[] = [];
  let truncated = false;
  const tokenizer = new CsvTokenizer((record: CsvRecord) => {
    if (isBlankRecord(record)) return;
    if (seen.header === null) {
      seen.header = readHeader(record, limits);
      return;
    }
    if (rows.length >= maxRows) {
      truncated = true;
      throw new EnoughRows();
    }
    checkFieldCount(record, seen.header.length);
    rows.push(recordToStrings(record, seen.header));
    lines.push(record.line);
  });
  // Without `complete`, the prefix's last line may be cut mid-row, so only rows ended by a
  // newline are shown: finish() (which would flush the partial row) is not called.
  try {
    tokenizer.push(bytes);
    if (options.complete) tokenizer.finish();
    else if (seen.header === null) tokenizer.finish(); // a prefix without any newline: read the header
  } catch (e) {
    if (!(e instanceof EnoughRows)) {
      // A prefix can end inside a quoted field: that is not an error of the file.
      if (!(e instanceof DataError && e.code === 'unterminated_quote' && !options.complete)) throw e;
    }
  }
  if (!options.complete && !truncated) truncated = true;
  const header = seen.header;
  if (header === null) throw new DataError('empty_file', 'The file is empty: expected a header row and data rows.');
  return { delimiter: tokenizer.delimiter ?? ',', header, rows, lines, schema: inferSchema(header, rows), truncated };
}
