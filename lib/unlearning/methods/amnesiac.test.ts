/**
 * Amnesiac's memory on the digits fixture: the capture stores one summed update per deletion
 * request, not one per batch, and the sums equal what storing every batch would have given.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Model } from '../../ml/model';
import { train } from '../../ml/train';
import { loadDigits, MLP_SPEC, RECIPE, type DigitsSets } from '../test-fixtures';
import { createRandom } from '../../random';
import { trainWithUpdateCapture } from './amnesiac';

let digits: DigitsSets;
beforeAll(async () => {
  digits = await loadDigits();
});
afterAll(() => digits.dispose());

describe('Amnesiac update capture', () => {
  it('keeps one parameter-sized sum per request, equal to the per-batch updates it replaces', async () => {
    // two sequential requests of ~5% of the training rows each
    const random = createRandom(21);
    const ids = Array.from(digits.train.rowIds);
    const first = Int32Array.from(ids.filter(() => random.next() < 0.05));
    const taken = new Set(first);
    const second = Int32Array.from(ids.filter((id) => !taken.has(id) && random.next() < 0.05));
    const io = { inputShape: digits.inputShape, numClasses: digits.numClasses };

    const captured = Model.create(MLP_SPEC, io, RECIPE.seed);
    const artifact = await trainWithUpdateCapture(captured, digits.train, RECIPE, { groups: [first, second] });
    const params = captured.layout.reduce((n, p) => n + p.size, 0);
    captured.dispose();

    // the same training, recording every batch that holds a deletable row
    const reference = Model.create(MLP_SPEC, io, RECIPE.seed);
    const inFirst = new Set(first);
    const inSecond = new Set(second);
    const perBatch: Array<{ group: number; delta: Float32Array[] }> = [];
    await train({
      model: reference,
      set: digits.train,
      recipe: RECIPE,
      updateCapture: {
        onlyRows: Int32Array.from([...first, ...second]),
        onUpdate: (u) => perBatch.push({ group: u.rowIds.some((id) => inFirst.has(id)) ? 0 : 1, delta: u.delta }),
      },
    });
    reference.dispose();

    // memory: 2 stored deltas of `params` floats, where per-batch storage needed one per batch
    expect(perBatch.length).toBeGreaterThan(100);
    expect(artifact.updates).toHaveLength(2);
    for (const update of artifact.updates) expect(update.delta.reduce((n, d) => n + d.length, 0)).toBe(params);
    const storedBytes = artifact.updates.reduce((n, u) => n + u.delta.reduce((m, d) => m + d.byteLength, 0) + u.rowIds.byteLength, 0);
    // (a request's row list may also name rows of the later request that shared its batches)
    expect(storedBytes).toBeLessThanOrEqual(2 * params * 4 + 2 * (first.length + second.length) * 4);
    expect(artifact.updates.map((u) => u.batches)).toEqual([perBatch.filter((b) => b.group === 0).length, perBatch.filter((b) => b.group === 1).length]);

    // exactness: each sum is the sum of its batches (a batch with rows of both requests counts for the first)
    artifact.updates.forEach((update, g) => {
      let worst = 0;
      update.delta.forEach((sum, i) => {
        const expected = new Float64Array(sum.length);
        for (const b of perBatch) if (b.group === g) b.delta[i].forEach((v, k) => (expected[k] += v));
        sum.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - expected[k]))));
      });
      expect(worst).toBeLessThan(1e-4);
    });
    // the first request's sum lists its rows, and the second's only rows of the second request
    expect(Array.from(artifact.updates[0].rowIds).filter((id) => inFirst.has(id)).length).toBe(first.length);
    expect(Array.from(artifact.updates[1].rowIds).every((id) => inSecond.has(id))).toBe(true);
  });
});
