/**
 * The thread's memory accounting (run budgets, lib/jobs/thread-pool-worker.ts) subtracts the wasm
 * heap from the thread's external memory and adds live tensors instead: on 'ort', which runs
 * TensorFlow.js on wasm, a missing wasm heap counted the same bytes twice and failed a default
 * Fashion-MNIST study's training runs for memory they did not hold.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initMlBackend, mlMemory } from './backend';

describe('mlMemory', () => {
  it("reports the wasm heap on the 'ort' backend, where TensorFlow.js runs on wasm", async () => {
    const info = await initMlBackend({ force: 'ort' });
    expect(info.tfBackend).toBe('wasm');
    const heap = (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.byteLength;
    const held = tf.zeros([256, 256]);
    const memory = mlMemory();
    expect(memory.wasmHeap).toBeGreaterThan(0);
    expect(memory.wasmHeap).toBe(heap);
    expect(memory.tensorBytes).toBeGreaterThanOrEqual(256 * 256 * 4);
    held.dispose();
  });
});
