import { describe, expect, it } from 'vitest';
import { parseModelSpec } from '@/lib/ml/model-spec';
import { estimateRunMemory, modelSize, studyPeakMemory, THREAD_BASE_BYTES, type MemoryEstimateInput, type RunShape } from './memory-estimate';

const MB = 1024 * 1024;
// Fashion-MNIST: 70,000 28x28 grey images (uint8), an MLP 784-128-10 as the study used
const fashion: MemoryEstimateInput = {
  spec: parseModelSpec({ kind: 'mlp', hidden: [128] }),
  io: { inputShape: [784], numClasses: 10 },
  rows: 70_000,
  storedValuesPerRow: 784,
  storedBytesPerValue: 1,
  batchSize: 128,
  requests: 1,
};
const run = (kind: RunShape['kind'], variant = 'standard', methodId: string | null = null, config: Record<string, unknown> | null = null): RunShape => ({ kind, variant, methodId, config });

describe('memory estimate', () => {
  it('counts parameters and activations like the network builds them', () => {
    expect(modelSize(fashion.spec, fashion.io).params).toBe(784 * 128 + 128 + 128 * 10 + 10);
    const cnn = modelSize(parseModelSpec({ kind: 'cnn', blocks: [{ filters: 16, kernelSize: 3 }], dense: [] }), { inputShape: [28, 28, 1], numClasses: 10 });
    // conv 3x3x1x16 + bias, then 13x13x16 pooled features to 10 classes
    expect(cnn.params).toBe(9 * 16 + 16 + 13 * 13 * 16 * 10 + 10);
    expect(cnn.activationsPerRow).toBe(2 * 26 * 26 * 16 + 13 * 13 * 16 + 10 + 784);
  });

  it('puts a Fashion-MNIST MLP run near the measured 470-500 MB (one JS copy and one wasm copy of the data)', () => {
    const original = estimateRunMemory(run('original'), fashion);
    expect(original.bytes / MB).toBeGreaterThan(450);
    expect(original.bytes / MB).toBeLessThan(700);
    expect(original.parts.thread).toBe(THREAD_BASE_BYTES);
    // the encoded data dominates; the model is small
    expect(original.parts.data).toBeGreaterThan(10 * original.parts.model);
  });

  it('adds what each method keeps: SISA grows with shards x slices, Amnesiac with requests (not batches)', () => {
    const params = modelSize(fashion.spec, fashion.io).params;
    const base = estimateRunMemory(run('original'), fashion).bytes;
    const sisa = (shards: number, slices: number) => estimateRunMemory(run('original', 'sisa:abc', 'sisa', { shards, slices }), fashion).bytes - base;
    expect(sisa(5, 4)).toBe((5 * 4 + 5) * params * 4);
    expect(sisa(20, 10)).toBe((20 * 10 + 20) * params * 4);
    const amnesiac = (requests: number) => estimateRunMemory(run('original', 'amnesiac:abc', 'amnesiac', {}), { ...fashion, requests }).bytes - base;
    expect(amnesiac(1)).toBe(3 * params * 4);
    expect(amnesiac(3)).toBe(5 * params * 4);
    // the per-batch capture would have held ~1,300 deltas: about 505 MiB
    expect(1300 * params * 4).toBeGreaterThan(500 * MB);
    expect(estimateRunMemory(run('unlearned', 'standard', 'scrub'), fashion).bytes).toBeGreaterThan(estimateRunMemory(run('unlearned', 'standard', 'finetune'), fashion).bytes);
  });

  it('finds the largest run of a study', () => {
    const runs = [run('original'), run('retrain'), run('original', 'sisa:x', 'sisa', { shards: 64, slices: 64 }), run('unlearned', 'standard', 'finetune')];
    const peak = studyPeakMemory(runs, fashion);
    expect(peak?.run.variant).toBe('sisa:x');
    expect(studyPeakMemory([], fashion)).toBeNull();
  });
});
