/**
 * How the results table shows numbers, shared by the server page, the browser and the headline
 * sentences, so what the headline says is what the table shows. Exports carry the raw numbers;
 * formatting them with these functions gives back exactly the text on screen.
 */
import { TIMED_PHASE } from '@/lib/metrics/timing';
import { metricInfo } from './catalogue';
import type { Stat } from './aggregate';

export function formatValue(key: string, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  switch (metricInfo(key).unit) {
    case 'fraction':
      return `${(value * 100).toFixed(1)}%`;
    case 'points':
      return `${(value * 100).toFixed(1)} pp`;
    case 'seconds':
      return value >= 100 ? `${value.toFixed(0)} s` : `${value.toPrecision(3)} s`;
    case 'ratio':
      return `${value.toFixed(2)}×`;
    case 'bits':
      return `${value.toFixed(3)} bits`;
    default:
      return value.toFixed(3);
  }
}

/** A gap is a difference: fractions read as percentage points ("pp"), not as a share. */
export function formatGap(key: string, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const unit = metricInfo(key).unit;
  if (unit === 'fraction' || unit === 'points') return `${(value * 100).toFixed(1)} pp`;
  return formatValue(key, value);
}

/** A bound of an interval in the display unit, without the unit sign (percentage points for fractions). */
function bare(key: string, x: number, asGap: boolean): string {
  const unit = metricInfo(key).unit;
  if (unit === 'fraction' || unit === 'points') return (x * 100).toFixed(1);
  if (unit === 'seconds') return x.toPrecision(2);
  if (unit === 'ratio' && !asGap) return x.toFixed(2);
  return x.toFixed(3);
}

/**
 * The 95% interval as shown beside a mean: "± 1.2" for a symmetric Student-t interval, the
 * bounds "[0.0, 31.5]" for a bootstrap or geometric one (not symmetric, and never outside the
 * metric's bounds). Empty without an interval.
 */
export function formatInterval(key: string, stat: Stat | undefined, asGap = false): string {
  if (!stat || stat.halfWidth === null || stat.ciLow === null || stat.ciHigh === null) return '';
  if (stat.interval === 't') {
    const unit = metricInfo(key).unit;
    if (unit === 'fraction' || unit === 'points') return `± ${(stat.halfWidth * 100).toFixed(1)}`;
    if (unit === 'seconds') return `± ${stat.halfWidth.toPrecision(2)}`;
    return `± ${stat.halfWidth.toFixed(3)}`;
  }
  return `[${bare(key, stat.ciLow, asGap)}, ${bare(key, stat.ciHigh, asGap)}]${stat.interval === 't-clipped' ? ' clipped' : ''}`;
}

/** How the intervals of a table were computed, for its footnote (n: the seeds). */
export function intervalFootnote(seeds: number): string {
  const rough = seeds < 5 ? ` With ${seeds} seed${seeds === 1 ? '' : 's'} (fewer than 5) the intervals are rough.` : '';
  return (
    `Mean and 95% interval over n = ${seeds} seed${seeds === 1 ? '' : 's'}: shares, AUCs, scores and gaps use the percentile bootstrap over seeds ` +
    `(1000 resamples, fixed seed; from 10 seeds on, the Student t interval clipped to the metric's bounds, marked "clipped"), which stays inside the bounds and is shown as [low, high]; speedups are geometric means of per-seed ratios with a log-scale t interval; ` +
    `unbounded metrics (losses) use Student t, shown as ±.${rough} Times and speedups cover the same phase for every model: ${TIMED_PHASE}.`
  );
}

export function formatStat(key: string, stat: Stat | undefined, asGap = false): string {
  if (!stat || stat.mean === null) return '—';
  const main = asGap ? formatGap(key, stat.mean) : formatValue(key, stat.mean);
  const pm = formatInterval(key, stat, asGap);
  return pm ? `${main} ${pm}` : main;
}

/** The unit as an axis label suffix. */
export function unitLabel(key: string, asGap = false): string {
  switch (metricInfo(key).unit) {
    case 'fraction':
      return asGap ? 'pp' : '%';
    case 'points':
      return 'pp';
    case 'seconds':
      return 's';
    case 'ratio':
      return '×';
    case 'bits':
      return 'bits';
    default:
      return '';
  }
}

/** Scale for charts: fractions are plotted in % (or pp), everything else as is. */
export function chartScale(key: string): number {
  const unit = metricInfo(key).unit;
  return unit === 'fraction' || unit === 'points' ? 100 : 1;
}
