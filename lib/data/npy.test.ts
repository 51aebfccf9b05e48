import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NPY_CHUNK_BYTES, npyBytes, npyChunks, npyHeader, npyHeaderFor } from './npy';

const numpyAvailable = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

describe('NPY writer', () => {
  it('writes a version 1.0 header padded to 64 bytes, ended by a newline', () => {
    const header = npyHeader(new Float32Array(6), [2, 3]);
    expect(Array.from(header.slice(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    expect(header.length % 64).toBe(0);
    const dict = new TextDecoder().decode(header.slice(10));
    expect(dict.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }")).toBe(true);
    expect(dict.endsWith('\n')).toBe(true);
    expect(header[8] + 256 * header[9]).toBe(header.length - 10);
    expect(new TextDecoder().decode(npyHeader(new Int32Array(4), [4]))).toContain("'shape': (4,)");
    expect(new TextDecoder().decode(npyHeader(new BigInt64Array(2), [2]))).toContain("'descr': '<i8'");
    expect(npyHeaderFor('<i8', [3, 0])).toEqual(npyHeader(new BigInt64Array(0), [3, 0]));
  });

  it('streams the data in slices, little-endian, and refuses a shape that does not fit', () => {
    const big = Float64Array.from({ length: 20000 }, (_, i) => i / 3);
    const chunks = [...npyChunks(big)];
    expect(chunks.length).toBe(1 + Math.ceil((big.length * 8) / NPY_CHUNK_BYTES));
    const body = npyBytes(big).slice(chunks[0].length);
    expect(new DataView(body.buffer).getFloat64(8 * 7, true)).toBe(7 / 3);
    expect(() => npyHeader(new Float32Array(5), [2, 3])).toThrow(/holds 6 values, the array has 5/);
  });

  it.skipIf(!numpyAvailable)('is read back exactly by python3 numpy (skipped when numpy is missing)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lethe-npy-'));
    try {
      const f32 = Float32Array.from([0.1, -2.5, Math.fround(1e-30), 3.4e38, -0, 7]);
      const f64 = Float64Array.from([Math.PI, -1e-300, 2 ** 53]);
      const i32 = Int32Array.from([-2147483648, 0, 2147483647, 42]);
      writeFileSync(join(dir, 'f32.npy'), npyBytes(f32, [2, 3]));
      writeFileSync(join(dir, 'f64.npy'), npyBytes(f64));
      writeFileSync(join(dir, 'i32.npy'), npyBytes(i32, [4]));
      const script = [
        'import json, sys, numpy as np',
        'd = sys.argv[1]',
        'out = {}',
        'for name in ["f32", "f64", "i32"]:',
        '    a = np.load(f"{d}/{name}.npy", allow_pickle=False)',
        '    out[name] = {"dtype": a.dtype.str, "shape": list(a.shape), "hex": a.astype(a.dtype.newbyteorder("<")).tobytes().hex()}',
        'print(json.dumps(out))',
      ].join('\n');
      const result = JSON.parse(execFileSync('python3', ['-c', script, dir]).toString()) as Record<string, { dtype: string; shape: number[]; hex: string }>;
      const hex = (a: Float32Array | Float64Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
      expect(result.f32).toEqual({ dtype: '<f4', shape: [2, 3], hex: hex(f32) });
      expect(result.f64).toEqual({ dtype: '<f8', shape: [3], hex: hex(f64) });
      expect(result.i32).toEqual({ dtype: '<i4', shape: [4], hex: hex(i32) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
