/**
 * How the results table shows numbers, shared by the server page, the browser and the headline
 * sentences, so what the headline says is what the table shows. Exports carry the raw numbers;
 * formatting them with these functions gives back exactly the text on screen.
 */
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

/** "± 1.2" in the display unit (percentage points for fractions); empty without an interval. */
export function formatHalfWidth(key: string, stat: Stat | undefined): string {
  if (!stat || stat.halfWidth === null) return '';
  const unit = metricInfo(key).unit;
  if (unit === 'fraction' || unit === 'points') return `± ${(stat.halfWidth * 100).toFixed(1)}`;
  if (unit === 'seconds') return `± ${stat.halfWidth.toPrecision(2)}`;
  if (unit === 'ratio') return `± ${stat.halfWidth.toFixed(2)}`;
  return `± ${stat.halfWidth.toFixed(3)}`;
}

export function formatStat(key: string, stat: Stat | undefined, asGap = false): string {
  if (!stat || stat.mean === null) return '—';
  const main = asGap ? formatGap(key, stat.mean) : formatValue(key, stat.mean);
  const pm = formatHalfWidth(key, stat);
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
