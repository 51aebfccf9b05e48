/**
 * Append-only column storage used while streaming: compact typed arrays that double when
 * full, so memory follows the encoded data (4 bytes a cell), never the file text.
 */

import { naturalCompare } from '../natural-sort';
import { decodeCell } from './cell-text';

export class GrowableFloat32 {
  private data = new Float32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  /** Exact-length copy; the builder's slack is released with the builder. */
  toArray(): Float32Array {
    return this.data.slice(0, this.length);
  }
}

export class GrowableInt32 {
  private data = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** Missing cells in coded columns carry this code until imputation. */
export const MISSING_CODE = -1;

/**
 * Maps cell text to codes in order of first appearance. Columns like labels repeat the same
 * value row after row, so the last value's bytes are remembered and compared first: a hit
 * costs no string at all.
 */
export class CategoryDictionary {
  readonly codes = new GrowableInt32();
  private readonly index = new Map<string, number>();
  private readonly names: string[] = [];
  private lastBytes = new Uint8Array(64);
  private lastLength = -1;
  private lastCode = MISSING_CODE;

  /** Appends the code of bytes[start, end); returns false when they are not valid UTF-8. */
  pushBytes(bytes: Uint8Array, start: number, end: number): boolean {
    const n = end - start;
    if (n === this.lastLength) {
      let same = true;
      for (let i = 0; i < n; i++) {
        if (this.lastBytes[i] !== bytes[start + i]) {
          same = false;
          break;
        }
      }
      if (same) {
        this.codes.push(this.lastCode);
        return true;
      }
    }
    const text = decodeCell(bytes, start, end);
    if (text === null) return false;
    const code = this.codeOf(text);
    this.codes.push(code);
    if (n <= this.lastBytes.length) {
      this.lastBytes.set(bytes.subarray(start, end));
      this.lastLength = n;
      this.lastCode = code;
    }
    return true;
  }

  pushMissing(): void {
    this.codes.push(MISSING_CODE);
  }

  private codeOf(text: string): number {
    let code = this.index.get(text);
    if (code === undefined) {
      code = this.names.length;
      this.names.push(text);
      this.index.set(text, code);
    }
    return code;
  }

  /** Final codes with names sorted naturally (so codes do not depend on row order). */
  finish(): { names: string[]; codes: Int32Array } {
    const sorted = this.names.map((name, code) => ({ name, code })).sort((a, b) => naturalCompare(a.name, b.name));
    const remap = new Int32Array(this.names.length);
    sorted.forEach((entry, newCode) => (remap[entry.code] = newCode));
    const codes = this.codes.toArray();
    for (let i = 0; i < codes.length; i++) if (codes[i] !== MISSING_CODE) codes[i] = remap[codes[i]];
    return { names: sorted.map((e) => e.name), codes };
  }
}
