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
  /** Width x height of one image in a ZIP, checked from its header before it is decoded. */
  maxImagePixels: number;
}

export const DEFAULT_LIMITS: Readonly<DataLimits> = Object.freeze({
  maxBytes: 512 * 1024 * 1024,
  maxRows: 5_000_000,
  maxColumns: 2_000,
  maxImagePixels: 4096 * 4096,
});

/**
 * The most bytes one image file inside a ZIP may inflate to: 4 bytes per allowed pixel (an
 * uncompressed RGBA image) plus 1 MB of headers and metadata, and never more than `maxBytes`.
 * A real PNG or JPEG of an allowed size stays under it; a bomb is stopped at it.
 */
export function maxImageFileBytes(limits: DataLimits): number {
  return Math.min(limits.maxBytes, limits.maxImagePixels * 4 + 1024 * 1024);
}

export function resolveLimits(partial?: Partial<DataLimits>): DataLimits {
  return { ...DEFAULT_LIMITS, ...partial };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
