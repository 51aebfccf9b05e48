import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from './errors';
import { npyBytes, npyHeaderFor, readNpy } from './npy';

const numpyAvailable = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

async function* inChunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

async function refusal(bytes: Uint8Array, maxBytes = 1 << 20): Promise<DataError> {
  try {
    await readNpy(inChunks(bytes, 7), { maxBytes, name: 'logits_train.npy' });
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

function withHeader(dict: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const text = dict + ' '.repeat((64 - ((11 + dict.length) % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + text.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, text.length & 0xff, text.length >> 8]);
  for (let i = 0; i < text.length; i++) out[10 + i] = text.charCodeAt(i);
  out.set(data, 10 + text.length);
  return out;
}

describe('NPY reader', () => {
  it('reads back what the writer wrote, whatever the chunking, for each accepted dtype', async () => {
    const f32 = Float32Array.from([0.5, -1.25, 3e38, -0, 7, Math.fround(0.1)]);
    const f64 = Float64Array.from([Math.PI, -1e-300, 2 ** 53]);
    const i64 = BigInt64Array.from([-(2n ** 63n), 0n, 2n ** 63n - 1n, 42n]);
    for (const size of [1, 3, 64, 4096]) {
      const a = await readNpy(inChunks(npyBytes(f32, [2, 3]), size), { maxBytes: 1000, name: 'a.npy' });
      expect(a).toEqual({ dtype: '<f4', shape: [2, 3], data: f32 });
      const b = await readNpy(inChunks(npyBytes(f64), size), { maxBytes: 1000, name: 'b.npy' });
      expect(b).toEqual({ dtype: '<f8', shape: [3], data: f64 });
      const c = await readNpy(inChunks(npyBytes(i64, [4, 1]), size), { maxBytes: 1000, name: 'c.npy' });
      expect(c).toEqual({ dtype: '<i8', shape: [4, 1], data: i64 });
    }
    const empty = await readNpy(inChunks(npyBytes(new Float32Array(0), [0, 10]), 5), { maxBytes: 0, name: 'e.npy' });
    expect(empty.shape).toEqual([0, 10]);
  });

  it('refuses a file that is not NPY, with a dtype it does not accept, or in Fortran order', async () => {
    expect((await refusal(new TextEncoder().encode('a,b\n1,2\n'))).code).toBe('bad_magic');
    const f2 = await refusal(withHeader("{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }", new Uint8Array(4)));
    expect(f2.code).toBe('unsupported_dtype');
    expect(f2.message).toBe("logits_train.npy: dtype '<f2' is not accepted; use little-endian float32 ('<f4'), float64 ('<f8') or int64 ('<i8').");
    expect((await refusal(withHeader("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(4)))).code).toBe('unsupported_dtype');
    const fortran = await refusal(withHeader("{'descr': '<f4', 'fortran_order': True, 'shape': (1, 1), }", new Uint8Array(4)));
    expect(fortran.message).toMatch(/Fortran \(column-major\) order/);
    expect((await refusal(withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 2), }"))).code).toBe('bad_magic');
    expect((await refusal(withHeader("{'descr': '<f4', 'shape': (1,), }", new Uint8Array(4)))).code).toBe('bad_magic');
  });

  it('checks the declared size against the limit before reading the data, and the data against the shape', async () => {
    // A header that declares 10^12 float64 values is refused at once, with nothing allocated.
    const huge = await refusal(npyHeaderFor('<f8', [1_000_000, 1_000_000]), 1 << 20);
    expect(huge.code).toBe('file_too_large');
    expect(huge.details).toMatchObject({ entry: 'logits_train.npy', limit: 1 << 20, found: 8e12 });
    const full = npyBytes(Float32Array.from([1, 2, 3, 4]), [2, 2]);
    const short = await refusal(full.slice(0, full.length - 3));
    expect(short.code).toBe('truncated_file');
    expect(short.message).toBe('logits_train.npy: shape (2, 2) needs 16 data bytes, the file has 13.');
    const long = new Uint8Array(full.length + 4);
    long.set(full);
    expect((await refusal(long)).code).toBe('trailing_bytes');
    expect((await refusal(full.slice(0, 40))).code).toBe('truncated_file');
  });

  it.skipIf(!numpyAvailable)('reads what python3 numpy.save writes (skipped when numpy is missing)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lethe-npy-read-'));
    try {
      const script = [
        'import numpy as np, sys',
        `np.save("${dir}/f32.npy", np.arange(12, dtype=np.float32).reshape(3, 4) / 8)`,
        `np.save("${dir}/f64.npy", np.array([[np.pi, -np.e]]))`,
        `np.save("${dir}/i64.npy", np.array([3, -1, 2**40], dtype=np.int64))`,
      ].join('\n');
      expect(spawnSync('python3', ['-c', script]).status).toBe(0);
      const read = (file: string) => readNpy(inChunks(new Uint8Array(readFileSync(join(dir, file))), 100), { maxBytes: 1000, name: file });
      const f32 = await read('f32.npy');
      expect(f32.shape).toEqual([3, 4]);
      expect(f32.data).toEqual(Float32Array.from({ length: 12 }, (_, i) => i / 8));
      expect(await read('f64.npy')).toEqual({ dtype: '<f8', shape: [1, 2], data: Float64Array.from([Math.PI, -Math.E]) });
      expect(await read('i64.npy')).toEqual({ dtype: '<i8', shape: [3], data: BigInt64Array.from([3n, -1n, 2n ** 40n]) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
