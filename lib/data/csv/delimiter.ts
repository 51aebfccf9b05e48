/**
 * Delimiter detection from the header line: the candidate that occurs most often outside
 * quotes wins. Ties go to the earlier candidate in DELIMITERS, so a one-column file is
 * read as comma-separated.
 */

export type Delimiter = ',' | '\t' | ';' | '|';

export const DELIMITERS: readonly Delimiter[] = [',', '\t', ';', '|'];

const QUOTE = 0x22;

export function detectDelimiter(headerLine: Uint8Array): Delimiter {
  const counts = new Map<number, number>(DELIMITERS.map((d) => [d.charCodeAt(0), 0]));
  let inQuotes = false;
  for (let i = 0; i < headerLine.length; i++) {
    const c = headerLine[i];
    if (c === QUOTE) inQuotes = !inQuotes;
    else if (!inQuotes) {
      const n = counts.get(c);
      if (n !== undefined) counts.set(c, n + 1);
    }
  }
  let best: Delimiter = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const n = counts.get(d.charCodeAt(0)) ?? 0;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}
