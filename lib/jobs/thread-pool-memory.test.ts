/**
 * The memory bound of pool tasks: a task over its budget, or over the lane's heap limit, fails
 * alone with a RunMemoryError naming the figures; the lane is replaced and the next task runs.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaneIsolation } from './pool-lane';
import { RunMemoryError, ThreadPool } from './thread-pool';

const handlerModules = [path.resolve('lib/jobs/thread-pool.test-handlers.ts')];

describe.each<LaneIsolation>(['process', 'thread'])('ThreadPool memory bound with %s lanes', (isolation) => {
  let pool: ThreadPool;
  beforeAll(() => {
    pool = new ThreadPool({ size: 1, memoryCapMb: 256, isolation, handlerModules });
  });
  afterAll(() => pool.close());

  it('stops a task that holds more than its budget, and the replacement lane runs the next task', async () => {
    const rssBefore = process.memoryUsage.rss();
    const failed = pool.run({ kind: 'test-allocate', payload: { megabytes: 1024 } }, { memoryBudgetMb: 128, memoryEstimateMb: 100 });
    await expect(failed).rejects.toBeInstanceOf(RunMemoryError);
    await expect(failed).rejects.toThrow(/needs ~1\d\d MB, the limit is 128 MB: use fewer epochs\/rows or raise LETHE_RUN_MEMORY_MB/);
    // stopped well before it reached the 1 GB it asked for
    expect(process.memoryUsage.rss() - rssBefore).toBeLessThan(400 * 1024 * 1024);
    let peak = 0;
    let peakRss: number | null = null;
    const ok = await pool.run<{ held: number }>(
      { kind: 'test-allocate', payload: { megabytes: 64 } },
      { memoryBudgetMb: 256, onMemoryPeak: (bytes, rssBytes) => ((peak = bytes), (peakRss = rssBytes)) },
    );
    expect(ok.held).toBe(64);
    expect(peak).toBeGreaterThan(64 * 1024 * 1024);
    expect(peak).toBeLessThan(256 * 1024 * 1024);
    // a process lane's own RSS (the runtime besides what it was charged); a thread has none of its own
    if (isolation === 'process') expect(peakRss).toBeGreaterThan(peak);
    else expect(peakRss).toBeNull();
  });

  it('fails a task whose JavaScript heap reaches the lane’s heap limit, without taking the process down', async () => {
    const error = await pool.run({ kind: 'test-heap-hog', payload: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunMemoryError);
    expect((error as RunMemoryError).limitMb).toBe(256);
    expect((error as Error).message).toMatch(/JavaScript heap reached the limit/);
    const ok = await pool.run<{ held: number }>({ kind: 'test-allocate', payload: { megabytes: 16 } });
    expect(ok.held).toBe(16);
  }, 120_000);

  it.runIf(isolation === 'process')('stops a process lane whose RSS passes its heap limit plus the reserve, whatever the task charges itself', async () => {
    // no budget: only the pool's RSS watchdog (reading /proc) can stop this task
    const watched = new ThreadPool({ size: 1, memoryCapMb: 256, laneReserveMb: 0, isolation, handlerModules });
    try {
      const error = await watched.run({ kind: 'test-allocate', payload: { megabytes: 2048 } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RunMemoryError);
      expect((error as Error).message).toMatch(/its process held \d+ MB, over its 256 MB/);
      const ok = await watched.run<{ held: number }>({ kind: 'test-allocate', payload: { megabytes: 16 } });
      expect(ok.held).toBe(16);
    } finally {
      await watched.close();
    }
  }, 120_000);

  it.runIf(isolation === 'process')('replaces a process lane that, idle after a run, holds more than that run’s budget', async () => {
    const recycled = new ThreadPool({ size: 1, memoryCapMb: 1024, isolation, handlerModules });
    try {
      // kept under its budget while it ran, but the lane still holds it afterwards
      const first = await recycled.run<number>({ kind: 'test-keep', payload: { megabytes: 32 } }, { memoryBudgetMb: 1024 });
      let chargedMb = 0;
      const same = await recycled.run<number>({ kind: 'test-keep', payload: { megabytes: 160 } }, { memoryBudgetMb: 1024, onMemoryPeak: (bytes) => (chargedMb = bytes / 2 ** 20) });
      expect(same).toBe(first);
      // a budget just above what the lane is charged (its heap and arrays): its RSS (the runtime
      // itself, code, the wasm heap's reserve) is larger, so once idle the lane is over it
      const heavy = await recycled.run<number>({ kind: 'test-keep', payload: { megabytes: 16 } }, { memoryBudgetMb: Math.ceil(chargedMb) + 32 });
      expect(heavy).toBe(first);
      const fresh = await recycled.run<number>({ kind: 'test-keep', payload: { megabytes: 16 } }, { memoryBudgetMb: 1024 });
      expect(fresh).not.toBe(first);
    } finally {
      await recycled.close();
    }
  }, 120_000);

  it('stops a lane inside ONNX Runtime without aborting this process, then runs the next task', async () => {
    // a thread waits for the native call to return (native-guard.ts); a process just ends
    const ortPool = new ThreadPool({ size: 1, memoryCapMb: 512, isolation, handlerModules });
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
