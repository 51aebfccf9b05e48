/**
 * The memory bound of pool tasks: a task over its budget, or over the thread's heap limit, fails
 * alone with a RunMemoryError naming the figures; the thread is replaced and the next task runs.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunMemoryError, ThreadPool } from './thread-pool';

const pool = new ThreadPool({ size: 1, memoryCapMb: 256, handlerModules: [path.resolve('lib/jobs/thread-pool.test-handlers.ts')] });
afterAll(() => pool.close());

describe('ThreadPool memory bound', () => {
  it('stops a task that holds more than its budget, and the replacement thread runs the next task', async () => {
    const rssBefore = process.memoryUsage.rss();
    const failed = pool.run({ kind: 'test-allocate', payload: { megabytes: 1024 } }, { memoryBudgetMb: 128, memoryEstimateMb: 100 });
    await expect(failed).rejects.toBeInstanceOf(RunMemoryError);
    await expect(failed).rejects.toThrow(/needs ~1\d\d MB, the limit is 128 MB: use fewer epochs\/rows or raise LETHE_RUN_MEMORY_MB/);
    // stopped well before it reached the 1 GB it asked for
    expect(process.memoryUsage.rss() - rssBefore).toBeLessThan(400 * 1024 * 1024);
    let peak = 0;
    const ok = await pool.run<{ held: number }>({ kind: 'test-allocate', payload: { megabytes: 64 } }, { memoryBudgetMb: 256, onMemoryPeak: (bytes) => (peak = bytes) });
    expect(ok.held).toBe(64);
    expect(peak).toBeGreaterThan(64 * 1024 * 1024);
    expect(peak).toBeLessThan(256 * 1024 * 1024);
  });

  it('fails a task whose JavaScript heap reaches the thread’s limit, without taking the process down', async () => {
    const error = await pool.run({ kind: 'test-heap-hog', payload: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunMemoryError);
    expect((error as RunMemoryError).limitMb).toBe(256);
    expect((error as Error).message).toMatch(/JavaScript heap reached the limit/);
    const ok = await pool.run<{ held: number }>({ kind: 'test-allocate', payload: { megabytes: 16 } });
    expect(ok.held).toBe(16);
  }, 120_000);
});

describe('ThreadPool stopping a thread inside ONNX Runtime', () => {
  it('waits for the native call to return instead of aborting the process, then runs the next task', async () => {
    const ortPool = new ThreadPool({ size: 1, memoryCapMb: 512, handlerModules: [path.resolve('lib/jobs/thread-pool.test-handlers.ts')] });
    try {
      for (let round = 0; round < 3; round++) {
        const error = await ortPool.run({ kind: 'test-ort-hog', payload: null }, { memoryBudgetMb: 96 + 16 * round }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(RunMemoryError);
      }
      // still alive (an abort would have ended this test process), and the replacement thread works
      const ok = await ortPool.run<{ held: number }>({ kind: 'test-allocate', payload: { megabytes: 16 } });
      expect(ok.held).toBe(16);
    } finally {
      await ortPool.close();
    }
  }, 120_000);
});
