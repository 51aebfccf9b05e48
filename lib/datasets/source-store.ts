/**
 * Keeps the uploaded bytes while they stream into the parser: compressed with gzip unless they
 * already are (gzip or ZIP), cut into chunks for bytea rows. A schema change later re-ingests from them.
 */
import { Gzip } from 'fflate';
import type { ByteSource } from '@/lib/data';

export const SOURCE_CHUNK_BYTES = 4 * 1024 * 1024;

export interface KeptFile {
  role: string;
  name: string;
  bytes: number;
  gzipped: boolean;
  chunks: Uint8Array[];
}

/**
 * Files that are compressed already (gzip, ZIP) are kept as they are: gzipping them again costs
 * CPU on every upload (seconds for a large image ZIP, even one refused a moment later) and saves
 * nothing.
 */
function isCompressed(chunk: Uint8Array): boolean {
  const gzip = chunk.length >= 2 && chunk[0] === 0x1f && chunk[1] === 0x8b;
  const zip = chunk.length >= 4 && chunk[0] === 0x50 && chunk[1] === 0x4b && (chunk[2] === 3 || chunk[2] === 5) && chunk[3] === chunk[2] + 1;
  return gzip || zip;
}

/** Regroups arbitrary pieces into chunks of SOURCE_CHUNK_BYTES (the last one smaller). */
class Chunker {
  readonly chunks: Uint8Array[] = [];
  private current = new Uint8Array(SOURCE_CHUNK_BYTES);
  private used = 0;

  push(data: Uint8Array): void {
    let offset = 0;
    while (offset < data.length) {
      const n = Math.min(data.length - offset, SOURCE_CHUNK_BYTES - this.used);
      this.current.set(data.subarray(offset, offset + n), this.used);
      this.used += n;
      offset += n;
      if (this.used === SOURCE_CHUNK_BYTES) {
        this.chunks.push(this.current);
        this.current = new Uint8Array(SOURCE_CHUNK_BYTES);
        this.used = 0;
      }
    }
  }

  finish(): Uint8Array[] {
    if (this.used > 0) this.chunks.push(this.current.slice(0, this.used));
    this.used = 0;
    return this.chunks;
  }
}

/**
 * Wraps a byte source: the returned source yields the same bytes, and `file()` (after the
 * source was read to its end) gives what to store.
 */
export function keepWhileReading(role: string, name: string, source: ByteSource): { source: AsyncIterable<Uint8Array>; file: () => KeptFile } {
  const chunker = new Chunker();
  let gzip: Gzip | null = null;
  let decided = false;
  let alreadyCompressed = false;
  let bytes = 0;
  let done = false;

  async function* passThrough(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      if (!decided) {
        decided = true;
        alreadyCompressed = isCompressed(chunk);
        if (!alreadyCompressed) {
          gzip = new Gzip({ level: 6 }, (data) => chunker.push(data));
        }
      }
      bytes += chunk.length;
      if (gzip) gzip.push(chunk, false);
      else chunker.push(chunk);
      yield chunk;
    }
    if (!decided) gzip = new Gzip({ level: 6 }, (data) => chunker.push(data));
    gzip?.push(new Uint8Array(0), true);
    done = true;
  }

  return {
    source: passThrough(),
    file: () => {
      if (!done) throw new Error(`the upload ${name} was not read to its end`);
      return { role, name, bytes, gzipped: !alreadyCompressed, chunks: chunker.finish() };
    },
  };
}

/** The stored bytes of one file, decompressed back to what was uploaded. */
export async function* restoredSource(chunks: readonly Uint8Array[], gzipped: boolean): AsyncGenerator<Uint8Array> {
  if (!gzipped) {
    yield* chunks;
    return;
  }
  const { Gunzip } = await import('fflate');
  const out: Uint8Array[] = [];
  const gunzip = new Gunzip((data) => out.push(data));
  for (let i = 0; i < chunks.length; i++) {
    gunzip.push(chunks[i], i === chunks.length - 1);
    while (out.length) yield out.shift() as Uint8Array;
  }
}
