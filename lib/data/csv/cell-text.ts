/**
 * Turning cell bytes into text, and the shared rule for "missing".
 *
 * Missing values: an empty cell, and the markers "NA", "NaN" and "?" (case-sensitive, after
 * trimming spaces). These are what R, pandas and the UCI repository write for unknown values;
 * treating them as missing instead of as a category or a parse error is what users expect.
 */

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Whether trimmed bytes[start, end) are a missing-value marker. */
export function isMissingBytes(bytes: Uint8Array, start: number, end: number): boolean {
  const n = end - start;
  if (n === 0) return true;
  if (n === 1) return bytes[start] === 0x3f; // ?
  if (n === 2) return bytes[start] === 0x4e && bytes[start + 1] === 0x41; // NA
  if (n === 3) return bytes[start] === 0x4e && bytes[start + 1] === 0x61 && bytes[start + 2] === 0x4e; // NaN
  return false;
}

export function isMissingText(text: string): boolean {
  const t = text.trim();
  return t === '' || t === 'NA' || t === 'NaN' || t === '?';
}

/** Decodes UTF-8 cell bytes; null when they are not valid UTF-8. ASCII skips the decoder. */
export function decodeCell(bytes: Uint8Array, start: number, end: number): string | null {
  let ascii = end - start <= 64;
  if (ascii) {
    for (let i = start; i < end; i++) {
      if (bytes[i] >= 0x80) {
        ascii = false;
        break;
      }
    }
  }
  if (ascii) return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  try {
    return decoder.decode(bytes.subarray(start, end));
  } catch {
    return null;
  }
}
