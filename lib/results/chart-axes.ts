/**
 * Axis arithmetic for the results charts, kept out of the components so it can be tested: a
 * linear axis bounded to the data (a little padding around its minimum and maximum, never past
 * the metric's own bounds, so no "105%" or "120 pp" axes), and a logarithmic axis for ratios
 * such as speedups (decade ticks, 1-2-5 ticks when the data spans few decades).
 */

import { metricInfo } from './catalogue';

export interface LinearDomainOptions {
  /** Share of the data's span added on each side (default 0.08). */
  padding?: number;
  /** The metric's own lower bound (0 for a share), never crossed. */
  lowerBound?: number;
  /** The metric's own upper bound (100 for a share in percent), never crossed. */
  upperBound?: number;
  /** Smallest span of the axis, so a single point or equal points get an axis around them. */
  minSpan?: number;
}

/** A step of 1, 2 or 5 times a power of ten close to span / targetTicks. */
export function niceStep(span: number, targetTicks = 5): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / targetTicks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** Removes binary noise (0.30000000000000004) from a multiple of a decimal step. */
function tidy(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(value.toFixed(Math.min(decimals, 12)));
}

/**
 * [low, high] of a linear axis that shows every value: the data's range, padded on both sides,
 * rounded outwards to a round step and clipped to the metric's bounds. Non-finite values are
 * ignored; without any value the axis is the bounds (or [0, 1]).
 */
export function paddedDomain(values: readonly number[], options: LinearDomainOptions = {}): [number, number] {
  const { padding = 0.08, lowerBound = -Infinity, upperBound = Infinity, minSpan = 0 } = options;
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) {
    const low = Number.isFinite(lowerBound) ? lowerBound : 0;
    const high = Number.isFinite(upperBound) ? upperBound : low + 1;
    return [low, high];
  }
  let low = Math.min(...finite);
  let high = Math.max(...finite);
  // A single value (or equal values) still needs an axis with some width around it.
  const span = Math.max(high - low, minSpan, Math.abs(high) * 0.02, 1e-9);
  const centre = (low + high) / 2;
  if (high - low < span) {
    low = centre - span / 2;
    high = centre + span / 2;
  }
  low -= span * padding;
  high += span * padding;
  // Round outwards to a step finer than the ticks, so rounding adds little empty space.
  const step = niceStep(high - low, 10);
  low = tidy(Math.floor(low / step) * step, step);
  high = tidy(Math.ceil(high / step) * step, step);
  return [Math.max(low, lowerBound), Math.min(high, upperBound)];
}

export interface LogAxis {
  domain: [number, number];
  ticks: number[];
}

/**
 * A base-10 log axis for positive ratios that always includes 1 (the reference: as fast as
 * retraining). The domain is whole decades around the data; within one or two decades the
 * ticks are 1, 2 and 5 times each power of ten, so the axis is never a single tick.
 */
export function logAxis(values: readonly number[]): LogAxis {
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  const low = Math.min(1, ...positive);
  const high = Math.max(1, ...positive);
  let lowExp = Math.floor(Math.log10(low));
  let highExp = Math.ceil(Math.log10(high));
  if (highExp === lowExp) {
    // Every value is exactly 1 (or a power of ten): one decade on each side.
    lowExp -= 1;
    highExp += 1;
  }
  const ticks: number[] = [];
  const fine = highExp - lowExp <= 2;
  for (let e = lowExp; e <= highExp; e++) {
    const power = 10 ** e;
    for (const m of fine && e < highExp ? [1, 2, 5] : [1]) ticks.push(Number((m * power).toPrecision(6)));
  }
  return { domain: [Number((10 ** lowExp).toPrecision(6)), Number((10 ** highExp).toPrecision(6))], ticks };
}

/** A tick of a ratio axis: "0.1×", "2×", "1000×". */
export function formatRatioTick(value: number): string {
  return `${Number(value.toPrecision(3))}×`;
}

/**
 * The bounds a metric's chart axis may not cross, in chart units (shares and points in percent):
 * shares lie in 0..100, and gaps to retrain are absolute differences, so never below 0.
 */
export function metricAxisBounds(key: string, asGap = false): Pick<LinearDomainOptions, 'lowerBound' | 'upperBound'> {
  const unit = metricInfo(key).unit;
  if (unit === 'fraction' || unit === 'points') return { lowerBound: 0, upperBound: 100 };
  if (asGap || unit === 'seconds' || unit === 'ratio' || unit === 'bits') return { lowerBound: 0 };
  return {};
}
