/**
 * NPY writer (NumPy's .npy format, version 1.0): the magic string "\x93NUMPY", version 1.0, a
 * little-endian uint16 header length, an ASCII header dict
 * "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" padded with spaces and ended
 * by "\n" so that the data starts at a multiple of 64 bytes, then the array's values in C
 * (row-major) order, little-endian. Written as a stream of chunks (header first, then the data
 * in slices of at most NPY_CHUNK_BYTES), so a large array never needs a second full copy.
 * Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */

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
