/**
 * Parses a decimal number straight from UTF-8 bytes, without making a string: the CSV hot
 * path calls this once per numeric cell.
 *
 * Exactness: when the digits fit in 15 significant digits and the decimal exponent is within
 * ±22, both the integer mantissa and the power of ten are exact doubles, so one multiply or
 * divide is correctly rounded: the same double `Number(text)` gives. Anything else (long
 * mantissas, huge exponents) falls back to `Number()` on the text, so results always match it.
 */

const POW10: number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Returns NaN when bytes[start, end) is not a plain finite decimal (no hex, no Infinity). */
export function parseNumberBytes(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  if (i >= end) return NaN;
  let negative = false;
  let c = bytes[i];
  if (c === 0x2d || c === 0x2b) {
    negative = c === 0x2d;
    i++;
  }
  let mantissa = 0;
  let significant = 0;
  let exponent = 0;
  let digits = 0;
  let exact = true;
  while (i < end) {
    c = bytes[i] - 0x30;
    if (c < 0 || c > 9) break;
    digits++;
    if (significant < 15) {
      mantissa = mantissa * 10 + c;
      if (mantissa !== 0) significant++;
    } else {
      exact = false;
    }
    i++;
  }
  if (i < end && bytes[i] === 0x2e) {
    i++;
    while (i < end) {
      c = bytes[i] - 0x30;
      if (c < 0 || c > 9) break;
      digits++;
      if (significant < 15) {
        mantissa = mantissa * 10 + c;
        if (mantissa !== 0) significant++;
        exponent--;
      } else {
        exact = false;
      }
      i++;
    }
  }
  if (digits === 0) return NaN;
  if (i < end && (bytes[i] === 0x65 || bytes[i] === 0x45)) {
    i++;
    let expNegative = false;
    if (i < end && (bytes[i] === 0x2d || bytes[i] === 0x2b)) {
      expNegative = bytes[i] === 0x2d;
      i++;
    }
    let expValue = 0;
    let expDigits = 0;
    while (i < end) {
      c = bytes[i] - 0x30;
      if (c < 0 || c > 9) break;
      if (expValue < 100_000) expValue = expValue * 10 + c;
      expDigits++;
      i++;
    }
    if (expDigits === 0) return NaN;
    exponent += expNegative ? -expValue : expValue;
  }
  if (i !== end) return NaN;
  if (exact && exponent >= -22 && exponent <= 22) {
    const magnitude = exponent < 0 ? mantissa / POW10[-exponent] : mantissa * POW10[exponent];
    return negative ? -magnitude : magnitude;
  }
  // Rare: defer to the engine's correctly rounded parser. The bytes are ASCII here.
  const value = Number(String.fromCharCode(...bytes.subarray(start, end)));
  return Number.isFinite(value) ? value : NaN;
}
