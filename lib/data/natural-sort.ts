/**
 * Natural order for names: digit runs compare as numbers, so "class_2" < "class_10" and
 * "9" < "10". Class names and category lists are sorted this way so codes are stable and
 * readable whatever order the rows came in. Hand-written rather than Intl.Collator so the
 * order (and therefore codes and hashes) cannot change with the ICU version of a machine.
 */

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function naturalCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      let ie = i;
      while (ie < a.length && isDigit(a.charCodeAt(ie))) ie++;
      let je = j;
      while (je < b.length && isDigit(b.charCodeAt(je))) je++;
      // Compare the runs as integers of any length: strip leading zeros, then length, then text.
      let is = i;
      while (is < ie - 1 && a.charCodeAt(is) === 48) is++;
      let js = j;
      while (js < je - 1 && b.charCodeAt(js) === 48) js++;
      const lenDiff = ie - is - (je - js);
      if (lenDiff !== 0) return lenDiff;
      for (let k = 0; k < ie - is; k++) {
        const d = a.charCodeAt(is + k) - b.charCodeAt(js + k);
        if (d !== 0) return d;
      }
      i = ie;
      j = je;
    } else {
      if (ca !== cb) return ca - cb;
      i++;
      j++;
    }
  }
  const rest = a.length - i - (b.length - j);
  if (rest !== 0) return rest;
  // Equal as numbers (e.g. "01" vs "1"): fall back to plain order so the order is total.
  return a < b ? -1 : a > b ? 1 : 0;
}

export function naturalSort(values: Iterable<string>): string[] {
  return Array.from(values).sort(naturalCompare);
}
