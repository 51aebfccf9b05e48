/** Upload limits for this installation, from the environment (defaults from lib/data). */
import { DEFAULT_LIMITS, type DataLimits } from '@/lib/data';

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return n;
}

export function uploadLimits(): DataLimits {
  return {
    maxBytes: envNumber('LETHE_MAX_UPLOAD_BYTES', DEFAULT_LIMITS.maxBytes),
    maxRows: envNumber('LETHE_MAX_ROWS', DEFAULT_LIMITS.maxRows),
    maxColumns: envNumber('LETHE_MAX_COLUMNS', DEFAULT_LIMITS.maxColumns),
    maxImagePixels: envNumber('LETHE_MAX_IMAGE_PIXELS', DEFAULT_LIMITS.maxImagePixels),
  };
}
