/**
 * Transparent, streaming gzip: a source that starts with the gzip magic bytes (1f 8b) is
 * decompressed chunk by chunk with fflate; anything else passes through unchanged. Memory is
 * one input chunk plus its output, never the whole file.
 */

import { Gunzip } from 'fflate';
import { DataError } from '../errors';
import { formatBytes } from '../limits';
import type { ByteSource } from './byte-source';
import { Crc32 } from './crc32';

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
const GUNZIP_SLICE_BYTES = 16 * 1024;

function corrupt(name: string, reason: string): DataError {
  return new DataError('corrupt_gzip', `${name}: the gzip data is truncated or corrupt (${reason}).`, { entry: name });
}

/**
 * `maxOutputBytes` guards against gzip bombs: a small upload that inflates to gigabytes.
 * Only single-member gzip files are verified (what every tool writes for one file).
 */
export async function* maybeGunzip(source: ByteSource, name: string, maxOutputBytes: number): AsyncGenerator<Uint8Array> {
  const iterator = (async function* () {
    yield* source;
  })();
  // Peek until two bytes are known (a first chunk of one byte is legal).
  let head = new Uint8Array(0);
  while (head.length < 2) {
    const next = await iterator.next();
    if (next.done) break;
    const merged = new Uint8Array(head.length + next.value.length);
    merged.set(head);
    merged.set(next.value, head.length);
    head = merged;
  }
  if (!(head.length >= 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1)) {
    if (head.length > 0) yield head;
    yield* iterator;
    return;
  }

  const crc = new Crc32();
  let outputBytes = 0;
  let pending: Uint8Array[] = [];
  const gunzip = new Gunzip((data) => {
    outputBytes += data.length;
    if (outputBytes > maxOutputBytes) {
      throw new DataError('file_too_large', `${name}: the decompressed data is larger than ${formatBytes(maxOutputBytes)}, the limit.`, {
        entry: name,
        limit: maxOutputBytes,
      });
    }
    crc.update(data);
    pending.push(data);
  });
  // The gzip trailer is the last 8 bytes of the input: CRC-32 and length mod 2^32.
  const tail = new Uint8Array(8);
  let tailLength = 0;
  const remember = (chunk: Uint8Array): void => {
    if (chunk.length >= 8) {
      tail.set(chunk.subarray(chunk.length - 8));
      tailLength = 8;
      return;
    }
    const keep = Math.min(tailLength, 8 - chunk.length);
    tail.copyWithin(0, tailLength - keep, tailLength);
    tail.set(chunk, keep);
    tailLength = keep + chunk.length;
  };
  // Input goes in 16 KB slices: deflate expands at most ~1032:1, so one step inflates at most
  // ~17 MB before the running count above can stop it, whatever the upload's chunk size.
  const push = (chunk: Uint8Array, final: boolean): void => {
    try {
      if (chunk.length === 0) gunzip.push(chunk, final);
      for (let offset = 0; offset < chunk.length; offset += GUNZIP_SLICE_BYTES) {
        const end = Math.min(chunk.length, offset + GUNZIP_SLICE_BYTES);
        gunzip.push(chunk.subarray(offset, end), final && end === chunk.length);
      }
    } catch (e) {
      if (e instanceof DataError) throw e;
      const reason = e instanceof Error ? e.message : String(e);
      throw corrupt(name, reason === 'unexpected EOF' ? 'the file ends before the compressed data does' : reason);
    }
  };

  remember(head);
  push(head, false);
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    remember(next.value);
    push(next.value, false);
    if (pending.length > 0) {
      yield* pending;
      pending = [];
    }
  }
  push(new Uint8Array(0), true);
  if (pending.length > 0) yield* pending;
  pending = [];

  if (tailLength < 8) throw corrupt(name, 'the gzip trailer is missing');
  const view = new DataView(tail.buffer);
  const expectedCrc = view.getUint32(0, true);
  const expectedSize = view.getUint32(4, true);
  if (expectedSize !== outputBytes % 2 ** 32 || expectedCrc !== crc.digest()) {
    throw corrupt(name, 'the checksum or length in the gzip trailer does not match the data');
  }
}
