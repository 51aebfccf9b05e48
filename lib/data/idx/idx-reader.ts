/**
 * Reader for one IDX file (the MNIST format): a 4-byte magic number (0, 0, dtype, number of
 * dimensions), one big-endian uint32 per dimension, then the data. Only unsigned-byte data is
 * accepted, which is what MNIST-style image and label files hold. The output buffer is sized
 * from the header and filled as chunks arrive; the file itself is never held.
 */

import { DataError } from '../errors';
import { formatBytes, type DataLimits } from '../limits';
import type { ByteSource } from '../stream/byte-source';

export type IdxKind = 'images' | 'labels';

const UBYTE = 0x08;
const DIMENSIONS: Record<IdxKind, number> = { images: 3, labels: 1 };

export interface IdxArray {
  /** [count, height, width] for images, [count] for labels. */
  dims: number[];
  data: Uint8Array;
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

function checkMagic(name: string, kind: IdxKind, header: Uint8Array): void {
  const magic = new DataView(header.buffer, header.byteOffset, 4).getUint32(0, false);
  const expected = (UBYTE << 8) | DIMENSIONS[kind];
  if (magic !== expected) {
    throw new DataError(
      'bad_magic',
      `${name}: not an IDX ${kind} file: its magic number is ${hex(magic)}, expected ${hex(expected)} (unsigned bytes, ${DIMENSIONS[kind]} dimension${DIMENSIONS[kind] > 1 ? 's' : ''}).`,
      { entry: name, expected: hex(expected), found: hex(magic) },
    );
  }
}

export async function readIdx(
  source: ByteSource,
  name: string,
  kind: IdxKind,
  limits: DataLimits,
  onData?: (filledBytes: number) => void,
): Promise<IdxArray> {
  const headerLength = 4 + 4 * DIMENSIONS[kind];
  const header = new Uint8Array(headerLength);
  let headerFilled = 0;
  let dims: number[] | null = null;
  let data: Uint8Array = new Uint8Array(0);
  let filled = 0;

  for await (const chunk of source) {
    let offset = 0;
    if (dims === null) {
      const take = Math.min(headerLength - headerFilled, chunk.length);
      header.set(chunk.subarray(0, take), headerFilled);
      headerFilled += take;
      offset = take;
      if (headerFilled >= 4) checkMagic(name, kind, header);
      if (headerFilled < headerLength) continue;
      const view = new DataView(header.buffer);
      dims = Array.from({ length: DIMENSIONS[kind] }, (_, i) => view.getUint32(4 + 4 * i, false));
      data = allocate(name, dims, limits);
    }
    const rest = chunk.length - offset;
    if (filled + rest > data.length) {
      throw new DataError('trailing_bytes', `${name}: the file is longer than its header says (${data.length} data bytes); it may be two files joined or a different format.`, {
        entry: name,
        expected: data.length,
      });
    }
    data.set(chunk.subarray(offset), filled);
    filled += rest;
    onData?.(filled);
  }
  if (headerFilled < 4) {
    throw new DataError('truncated_file', `${name}: the file is ${headerFilled === 0 ? 'empty' : 'cut short'}; an IDX ${kind} file starts with a ${headerLength}-byte header.`, { entry: name });
  }
  if (dims === null || filled < data.length) {
    const expected = dims === null ? headerLength : headerLength + data.length;
    const found = dims === null ? headerFilled : headerLength + filled;
    throw new DataError('truncated_file', `${name}: the file is truncated: its header promises ${expected} bytes but it has ${found}.`, {
      entry: name,
      expected,
      found,
    });
  }
  return { dims, data };
}

function allocate(name: string, dims: number[], limits: DataLimits): Uint8Array {
  const count = dims[0];
  if (count > limits.maxRows) {
    throw new DataError('too_many_rows', `${name}: ${count} items is more than ${limits.maxRows}, the limit.`, { entry: name, limit: limits.maxRows });
  }
  const bytes = dims.reduce((a, b) => a * b, 1);
  if (bytes > limits.maxBytes) {
    throw new DataError('file_too_large', `${name}: the data (${formatBytes(bytes)}) is larger than ${formatBytes(limits.maxBytes)}, the limit.`, {
      entry: name,
      limit: limits.maxBytes,
    });
  }
  return new Uint8Array(bytes);
}
