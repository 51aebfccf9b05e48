/**
 * Streaming CSV/TSV tokenizer over raw UTF-8 bytes (RFC 4180: quoted fields, "" escapes,
 * quoted newlines, CRLF or LF, optional BOM).
 *
 * It works on bytes, not text: the delimiters, quote and newlines are ASCII, and in UTF-8 no
 * byte of a multi-byte character is ever ASCII, so splitting bytes is exact. That lets the
 * ingest parse numbers straight from bytes, and text is decoded only per complete cell (so a
 * character split across two chunks is never decoded in halves).
 *
 * Memory: the current record's bytes plus one chunk; never the file.
 */

import { DataError } from '../errors';
import { detectDelimiter, type Delimiter } from './delimiter';

/** One record. Views are reused: valid only during the onRecord callback. */
export interface CsvRecord {
  /** Unescaped field bytes; field i is bytes[starts[i], ends[i]). */
  bytes: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  count: number;
  /** 1-based physical line the record starts on. */
  line: number;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** Just saw a quote inside a quoted field: either "" (escape) or the closing quote. */
  QuotedAfterQuote,
  /** A record ended with CR; a following LF belongs to the same line break. */
  AfterCr,
}

export class CsvTokenizer {
  delimiter: Delimiter | null = null;
  /** Bytes pushed so far, BOM included. */
  bytesSeen = 0;

  private readonly onRecord: (record: CsvRecord) => void;
  /** Bytes held before the header line is complete (the delimiter is unknown until then). */
  private pending: Uint8Array[] | null = [];
  private headerInQuotes = false;
  private delim = 0x2c;
  private state: State = State.FieldStart;
  private scratch: Uint8Array = new Uint8Array(64 * 1024);
  private pos = 0;
  private starts: Int32Array = new Int32Array(64);
  private ends: Int32Array = new Int32Array(64);
  private count = 0;
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;

  constructor(onRecord: (record: CsvRecord) => void) {
    this.onRecord = onRecord;
  }

  push(chunk: Uint8Array): void {
    this.bytesSeen += chunk.length;
    if (this.pending !== null) {
      // Chunks are kept in a list and scanned once each (quote state carried over), so a very
      // long first line costs linear time, not a re-copy per chunk.
      this.pending.push(chunk.slice());
      for (let i = 0; i < chunk.length; i++) {
        const c = chunk[i];
        if (c === QUOTE) this.headerInQuotes = !this.headerInQuotes;
        else if (!this.headerInQuotes && (c === LF || c === CR)) {
          this.startBody();
          return;
        }
      }
      return;
    }
    this.scan(chunk);
  }

  /** Flushes the last record (a file need not end with a newline). */
  finish(): void {
    if (this.pending !== null) this.startBody();
    switch (this.state) {
      case State.Quoted:
        throw new DataError(
          'unterminated_quote',
          `Line ${this.quoteLine}: a quoted field is never closed before the end of the file (a " is missing).`,
          { line: this.quoteLine },
        );
      case State.Unquoted:
      case State.QuotedAfterQuote:
        this.endField();
        this.endRecord();
        break;
      case State.FieldStart:
        // "a,b," at end of file has a last empty field; an empty last line has no record.
        if (this.count > 0) {
          this.endField();
          this.endRecord();
        }
        break;
      case State.AfterCr:
        break;
    }
  }

  private startBody(): void {
    const bytes = stripBom(concatAll(this.pending ?? []));
    this.pending = null;
    const end = headerLineEnd(bytes);
    this.delimiter = detectDelimiter(end < 0 ? bytes : bytes.subarray(0, end));
    this.delim = this.delimiter.charCodeAt(0);
    this.scan(bytes);
  }

  private endField(): void {
    if (this.count + 1 >= this.starts.length) {
      this.starts = grow32(this.starts);
      this.ends = grow32(this.ends);
    }
    this.ends[this.count] = this.pos;
    this.count++;
    this.starts[this.count] = this.pos;
  }

  private endRecord(): void {
    this.onRecord({
      bytes: this.scratch,
      starts: this.starts,
      ends: this.ends,
      count: this.count,
      line: this.recordLine,
    });
    this.count = 0;
    this.pos = 0;
    this.starts[0] = 0;
  }

  /** The hot loop. Field bytes are copied into `scratch` (escapes removed). */
  private scan(chunk: Uint8Array): void {
    const n = chunk.length;
    // A record can grow by at most this chunk's length while scanning it: one check per chunk.
    if (this.pos + n > this.scratch.length) {
      const next = new Uint8Array(Math.max(this.scratch.length * 2, this.pos + n));
      next.set(this.scratch.subarray(0, this.pos));
      this.scratch = next;
    }
    const scratch = this.scratch;
    const delim = this.delim;
    let pos = this.pos;
    let state = this.state;
    let i = 0;
    while (i < n) {
      switch (state) {
        case State.FieldStart:
        case State.Unquoted: {
          if (state === State.FieldStart && chunk[i] === QUOTE) {
            state = State.Quoted;
            this.quoteLine = this.line;
            i++;
            break;
          }
          // Quotes inside an unquoted field are kept as text (e.g. 5" screen), as spreadsheets do.
          let c = 0;
          while (i < n) {
            c = chunk[i];
            if (c === delim || c === LF || c === CR) break;
            scratch[pos++] = c;
            i++;
          }
          if (i === n) {
            state = State.Unquoted;
            break;
          }
          this.pos = pos;
          this.endField();
          i++;
          if (c === delim) {
            state = State.FieldStart;
          } else {
            this.line++;
            this.endRecord();
            this.recordLine = this.line;
            state = c === CR ? State.AfterCr : State.FieldStart;
          }
          pos = this.pos;
          break;
        }
        case State.Quoted: {
          while (i < n) {
            const c = chunk[i];
            if (c === QUOTE) break;
            if (c === LF) this.line++;
            scratch[pos++] = c;
            i++;
          }
          if (i < n) {
            state = State.QuotedAfterQuote;
            i++;
          }
          break;
        }
        case State.QuotedAfterQuote: {
          const c = chunk[i];
          if (c === QUOTE) {
            scratch[pos++] = QUOTE;
            state = State.Quoted;
            i++;
          } else if (c === delim || c === LF || c === CR) {
            state = State.Unquoted; // let the unquoted branch end the field with no more bytes
          } else {
            throw new DataError(
              'invalid_quote',
              `Line ${this.line}: unexpected text after a closing quote; a quoted field must end at a delimiter or line end (write "" for a literal quote).`,
              { line: this.line },
            );
          }
          break;
        }
        case State.AfterCr: {
          if (chunk[i] === LF) i++;
          state = State.FieldStart;
          break;
        }
      }
    }
    this.pos = pos;
    this.state = state;
  }
}

/** Index just past the header line's terminator, or -1 if the header is not complete yet. */
function headerLineEnd(bytes: Uint8Array): number {
  let inQuotes = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === QUOTE) inQuotes = !inQuotes;
    else if (!inQuotes && (c === LF || c === CR)) return i;
  }
  return -1;
}

function stripBom(bytes: Uint8Array): Uint8Array {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return bytes.subarray(3);
  }
  return bytes;
}

function concatAll(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

function grow32(a: Int32Array): Int32Array {
  const next = new Int32Array(a.length * 2 + 1);
  next.set(a);
  return next;
}
