/**
 * Request bodies read with a byte limit enforced while reading: a declared Content-Length over
 * the limit is refused before a byte is read, and a body without one (chunked) is counted chunk
 * by chunk and refused at the first byte past the limit. Nothing is buffered beyond the limit,
 * so a 200 MB body to an unauthenticated route costs at most the limit in memory.
 */
import { AppError } from '@/lib/errors';

const MIB = 1024 * 1024;

function envBytes(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number of bytes, got "${raw}"`);
  return Math.floor(n);
}

/** The limit of a JSON request body (LETHE_MAX_JSON_BYTES, default 1 MB). */
export function jsonBodyLimit(): number {
  return envBytes('LETHE_MAX_JSON_BYTES', MIB);
}

/**
 * The limit of a scenario body (LETHE_MAX_SCENARIO_JSON_BYTES, default 16 MB): a selector may
 * list row ids or subject ids one by one, ~8 bytes each, for up to millions of training rows.
 */
export function scenarioBodyLimit(): number {
  return envBytes('LETHE_MAX_SCENARIO_JSON_BYTES', 16 * MIB);
}

function tooLarge(limit: number, variable: string | undefined): AppError {
  const megabytes = +(limit / MIB).toFixed(2);
  return new AppError('payload_too_large', `The request body is larger than ${megabytes} MB, the limit for this route${variable ? ` (${variable})` : ''}.`, { limit });
}

export interface BodyLimit {
  maxBytes: number;
  /** The environment variable that sets the limit, named in the error. */
  variable?: string;
}

/** The body's bytes, refused with 413 past `limit.maxBytes`. An absent body gives zero bytes. */
export async function readBodyBytes(req: Request, limit: BodyLimit): Promise<Uint8Array> {
  const declared = req.headers.get('content-length');
  if (declared !== null && Number(declared) > limit.maxBytes) throw tooLarge(limit.maxBytes, limit.variable);
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      // No read is pending here: leaving the rest unread (not cancelling) is safe, and the
      // server discards it once the answer is sent.
      if (total > limit.maxBytes) throw tooLarge(limit.maxBytes, limit.variable);
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.length;
  }
  return bytes;
}

const utf8 = new TextDecoder('utf-8');

/** The body as text (UTF-8), refused with 413 past the limit. */
export async function readBodyText(req: Request, limit: BodyLimit): Promise<string> {
  return utf8.decode(await readBodyBytes(req, limit));
}

/** Parses a JSON body within the limit; malformed JSON is a 400. `{ optional: true }` takes an empty body as undefined. */
export async function readLimitedJson(req: Request, limit: BodyLimit, options: { optional?: boolean } = {}): Promise<unknown> {
  const text = await readBodyText(req, limit);
  if (options.optional && text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('bad_request', 'The request body must be valid JSON.');
  }
}

export const DEFAULT_JSON_LIMIT = (): BodyLimit => ({ maxBytes: jsonBodyLimit(), variable: 'LETHE_MAX_JSON_BYTES' });
export const SCENARIO_JSON_LIMIT = (): BodyLimit => ({ maxBytes: scenarioBodyLimit(), variable: 'LETHE_MAX_SCENARIO_JSON_BYTES' });
