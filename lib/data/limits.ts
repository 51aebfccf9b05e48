/**
 * Upload limits. They protect a shared server from one oversized or hostile file; every check
 * names the limit in its error so the user knows what to change.
 */

export interface DataLimits {
  /** Bytes of the uploaded file (and of decompressed data, against gzip bombs). */
  maxBytes: number;
  /** Data rows (tabular) or images. */
  maxRows: number;
  /** Columns in a CSV header. */
  maxColumns: number;
}

export const DEFAULT_LIMITS: Readonly<DataLimits> = Object.freeze({
  maxBytes: 512 * 1024 * 1024,
  maxRows: 5_000_000,
  maxColumns: 2_000,
});

export function resolveLimits(partial?: Partial<DataLimits>): DataLimits {
  return { ...DEFAULT_LIMITS, ...partial };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
