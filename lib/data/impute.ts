/**
 * Filling missing cells after streaming (the fill value needs the whole column). Missing is
 * NaN in numeric columns and -1 in coded ones. Ties are broken towards the smaller value or
 * code so the result is deterministic.
 */

/** Replaces NaN with the median of the present values; returns the count filled. */
export function fillMedian(values: Float32Array): number {
  const missing = countNaN(values);
  // Most columns have no gaps: skip the copy and sort entirely.
  if (missing === 0 || missing === values.length) return 0;
  const present = new Float32Array(values.length - missing);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) present[k++] = values[i];
  present.sort();
  const mid = present.length >> 1;
  const median = present.length % 2 === 1 ? present[mid] : (present[mid - 1] + present[mid]) / 2;
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) values[i] = median;
  return missing;
}

function countNaN(values: Float32Array): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== values[i]) n++;
  return n;
}

/** Replaces NaN with the most frequent present value. */
export function fillNumericMode(values: Float32Array): number {
  if (countNaN(values) === 0) return 0;
  const counts = new Map<number, number>();
  let missing = 0;
  for (const v of values) {
    if (Number.isNaN(v)) missing++;
    else counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  if (missing === 0 || counts.size === 0) return 0;
  let best = 0;
  let bestCount = -1;
  for (const [v, c] of counts) {
    if (c > bestCount || (c === bestCount && v < best)) {
      best = v;
      bestCount = c;
    }
  }
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) values[i] = best;
  return missing;
}

/** Replaces code -1 with the most frequent code. */
export function fillCodeMode(codes: Int32Array, categoryCount: number): number {
  const counts = new Int32Array(categoryCount);
  let missing = 0;
  for (const c of codes) {
    if (c < 0) missing++;
    else counts[c]++;
  }
  if (missing === 0 || categoryCount === 0) return 0;
  let best = 0;
  for (let c = 1; c < categoryCount; c++) if (counts[c] > counts[best]) best = c;
  for (let i = 0; i < codes.length; i++) if (codes[i] < 0) codes[i] = best;
  return missing;
}
