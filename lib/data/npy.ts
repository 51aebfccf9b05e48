/**
 * NPY writer (NumPy's .npy format, version 1.0): the magic string "\x93NUMPY", version 1.0, a
 * little-endian uint16 header length, an ASCII header dict
 * "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" padded with spaces and ended
 * by "\n" so that the data starts at a multiple of 64 bytes, then the array's values in C
 * (row-major) order, little-endian. Written as a stream of chunks (header first, then the data
 * in slices of at most NPY_CHUNK_BYTES), so a large array never needs a second full copy.
 * The reader (readNpy) takes the same format (versions 1 to 3) back from a stream, for
 * uploaded model outputs.
 * Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */

import { DataError, type DataErrorCode, type DataErrorDetails } from './errors';

export type NpyArray = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;

/** The NumPy dtype strings this writer produces. */
export type NpyDescr = '<f4' | '<f8' | '<i4' | '<i8' | '|u1';

export const NPY_CHUNK_BYTES = 1 << 16;
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export function npyDescr(array: NpyArray): NpyDescr {
  if (array instanceof Float32Array) return '<f4';
  if (array instanceof Float64Array) return '<f8';
  if (array instanceof Int32Array) return '<i4';
  if (array instanceof BigInt64Array) return '<i8';
  return '|u1';
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The header bytes (magic, version, length, padded dict) of an array of this type and shape. */
export function npyHeader(array: NpyArray, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== array.length) throw new Error(`NPY shape (${shape.join(', ')}) holds ${count} values, the array has ${array.length}`);
  return npyHeaderFor(npyDescr(array), shape);
}

/**
 * The header of an array given only its dtype and shape, for writers that produce the data
 * in blocks (the caller then writes exactly prod(shape) values with npyDataChunks).
 */
export function npyHeaderFor(dtype: NpyDescr, shape: readonly number[]): Uint8Array {
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new Error(`NPY shape must be non-negative integers, got (${shape.join(', ')})`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // 6 magic + 2 version + 2 length bytes, then the dict and "\n", padded to a multiple of 64.
  const unpadded = 10 + dict.length + 1;
  dict += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  if (dict.length > 0xffff) throw new Error('NPY header too long for version 1.0');
  const out = new Uint8Array(10 + dict.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = dict.length & 0xff;
  out[9] = dict.length >> 8;
  for (let i = 0; i < dict.length; i++) out[10 + i] = dict.charCodeAt(i);
  return out;
}

/** The .npy file as chunks: the header, then the data little-endian in slices. */
export function* npyChunks(array: NpyArray, shape: readonly number[] = [array.length]): Generator<Uint8Array> {
  yield npyHeader(array, shape);
  yield* npyDataChunks(array);
}

/** An array's values little-endian, in fresh slices of at most NPY_CHUNK_BYTES (no header). */
export function* npyDataChunks(array: NpyArray): Generator<Uint8Array> {
  const width = array.BYTES_PER_ELEMENT;
  const perChunk = Math.max(1, Math.floor(NPY_CHUNK_BYTES / width));
  for (let start = 0; start < array.length; start += perChunk) {
    const slice = array.subarray(start, Math.min(array.length, start + perChunk));
    const bytes = new Uint8Array(slice.buffer, slice.byteOffset, slice.byteLength);
    if (littleEndian || width === 1) {
      yield bytes.slice();
    } else {
      // A big-endian host: swap each value's bytes.
      const swapped = new Uint8Array(bytes.length);
      for (let i = 0; i < bytes.length; i += width) for (let b = 0; b < width; b++) swapped[i + b] = bytes[i + width - 1 - b];
      yield swapped;
    }
  }
}

/** The whole .npy file in one buffer (small arrays, tests). */
export function npyBytes(array: NpyArray, shape: readonly number[] = [array.length]): Uint8Array {
  const chunks = [...npyChunks(array, shape)];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** The dtypes the reader accepts: what uploaded model outputs and package indices use. */
export type NpyReadDescr = '<f4' | '<f8' | '<i8';

export interface NpyRead {
  dtype: NpyReadDescr;
  shape: number[];
  data: Float32Array | Float64Array | BigInt64Array;
}

export interface NpyReadLimits {
  /** Largest data section (prod(shape) x item size) accepted; checked from the header, before any allocation. */
  maxBytes: number;
  /** Named in error messages ("logits_train.npy"). */
  name: string;
}

const READ_WIDTH: Record<NpyReadDescr, number> = { '<f4': 4, '<f8': 8, '<i8': 8 };

function npyFail(code: DataErrorCode, message: string, details: DataErrorDetails = {}): DataError {
  return new DataError(code, message, details);
}

/**
 * Parses a version 1.0/2.0/3.0 header dict. Only the three keys NumPy writes are accepted, in
 * any order; the values are a dtype string, False (C order) and a tuple of non-negative ints.
 */
export function parseNpyHeaderDict(text: string, name: string): { dtype: NpyReadDescr; shape: number[] } {
  const entry = { entry: name };
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw npyFail('bad_magic', `${name}: the NPY header does not have 'descr', 'fortran_order' and 'shape'.`, entry);
  }
  // '=f4' and '<f4' are the same on every little-endian writer NumPy runs on; '>' is big-endian.
  const normalized = descr.replace(/^=/, '<');
  if (normalized !== '<f4' && normalized !== '<f8' && normalized !== '<i8') {
    throw npyFail('unsupported_dtype', `${name}: dtype '${descr}' is not accepted; use little-endian float32 ('<f4'), float64 ('<f8') or int64 ('<i8').`, { ...entry, found: descr });
  }
  if (fortran === 'True') {
    throw npyFail('unsupported_dtype', `${name}: the array is in Fortran (column-major) order; save it in C order (numpy.ascontiguousarray).`, { ...entry, found: 'fortran_order' });
  }
  const parts = shapeText.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (!parts.every((s) => /^\d{1,15}$/.test(s))) {
    throw npyFail('bad_magic', `${name}: the NPY shape (${shapeText}) is not a tuple of non-negative integers.`, entry);
  }
  return { dtype: normalized, shape: parts.map(Number) };
}

/**
 * Reads a .npy file from a stream of chunks. The header is parsed as soon as it has arrived;
 * the data size it declares is checked against `limits.maxBytes` before the data buffer is
 * allocated, and the stream is refused as soon as it runs past that size, so a lying header or
 * an endless body costs at most `maxBytes`. Values come back in the file's own dtype.
 */
export async function readNpy(stream: AsyncIterable<Uint8Array>, limits: NpyReadLimits): Promise<NpyRead> {
  const { name } = limits;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let header: { dtype: NpyReadDescr; shape: number[]; dataStart: number } | null = null;
  let data: Uint8Array | null = null;
  let filled = 0;

  const takeData = (bytes: Uint8Array) => {
    if (!data) return;
    if (filled + bytes.length > data.length) {
      throw npyFail('trailing_bytes', `${name}: the file has more data than its shape (${header!.shape.join(', ')}) declares.`, { entry: name, expected: data.length });
    }
    data.set(bytes, filled);
    filled += bytes.length;
  };

  for await (const chunk of stream) {
    if (header) {
      takeData(chunk);
      continue;
    }
    pending.push(chunk);
    pendingBytes += chunk.length;
    const head = concatBytes(pending, pendingBytes);
    if (head.length >= 6 && !MAGIC.every((b, i) => head[i] === b)) {
      throw npyFail('bad_magic', `${name} is not a NumPy .npy file (it does not start with \\x93NUMPY).`, { entry: name });
    }
    if (head.length < 10) continue;
    const major = head[6];
    if (major !== 1 && major !== 2 && major !== 3) throw npyFail('bad_magic', `${name}: NPY format version ${major} is not supported (1, 2 or 3).`, { entry: name });
    const lengthBytes = major === 1 ? 2 : 4;
    if (head.length < 8 + lengthBytes) continue;
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
    const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
    if (headerLength > 0x10000) throw npyFail('bad_magic', `${name}: the NPY header is ${headerLength} bytes long; at most 65536 are accepted.`, { entry: name, limit: 0x10000 });
    const dataStart = 8 + lengthBytes + headerLength;
    if (head.length < dataStart) {
      pending = [head];
      continue;
    }
    const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(head.subarray(8 + lengthBytes, dataStart));
    const parsed = parseNpyHeaderDict(text, name);
    const count = parsed.shape.reduce((a, b) => a * b, 1);
    const bytes = count * READ_WIDTH[parsed.dtype];
    if (!Number.isSafeInteger(bytes) || bytes > limits.maxBytes) {
      throw npyFail('file_too_large', `${name}: shape (${parsed.shape.join(', ')}) of ${parsed.dtype} is ${bytes} bytes; at most ${limits.maxBytes} are accepted.`, { entry: name, limit: limits.maxBytes, found: bytes });
    }
    header = { ...parsed, dataStart };
    data = new Uint8Array(bytes);
    pending = [];
    takeData(head.subarray(dataStart));
  }

  if (!header || !data) throw npyFail('truncated_file', `${name} ends before the end of its NPY header.`, { entry: name });
  if (filled < data.length) {
    throw npyFail('truncated_file', `${name}: shape (${header.shape.join(', ')}) needs ${data.length} data bytes, the file has ${filled}.`, { entry: name, expected: data.length, found: filled });
  }
  return { dtype: header.dtype, shape: header.shape, data: typedFromLittleEndian(header.dtype, data) };
}

function concatBytes(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

function typedFromLittleEndian(dtype: NpyReadDescr, bytes: Uint8Array): Float32Array | Float64Array | BigInt64Array {
  const width = READ_WIDTH[dtype];
  if (!littleEndian) {
    for (let i = 0; i < bytes.length; i += width) bytes.subarray(i, i + width).reverse();
  }
  // `bytes` is a fresh, zero-offset buffer, so its alignment suits every view.
  if (dtype === '<f4') return new Float32Array(bytes.buffer, 0, bytes.length / 4);
  if (dtype === '<f8') return new Float64Array(bytes.buffer, 0, bytes.length / 8);
  return new BigInt64Array(bytes.buffer, 0, bytes.length / 8);
}
