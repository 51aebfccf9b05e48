/**
 * An ONNX model exported by PyTorch (test/fixtures/onnx/mlp.onnx, written with its known outputs
 * by test/fixtures/onnx/make_mlp.py) run through the path an uploaded model takes: Lethe's logits
 * equal PyTorch's within float32 tolerance, rows in order across blocks and splits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { uploadedModelLogits, type EncodedBlocks } from './uploaded-model';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/onnx');

interface Fixture {
  inputShape: number[];
  classes: number;
  inputs: number[][];
  outputs: number[][];
}

const fixture = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'mlp.json'), 'utf8')) as Fixture;
const model = new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'mlp.onnx')));

/** Rows [from, to) of the fixture's inputs as one split, in blocks of `blockRows` (as packageBlocks gives them). */
function split(from: number, to: number, blockRows: number): EncodedBlocks {
  return {
    rows: to - from,
    blocks: function* () {
      for (let start = from; start < to; start += blockRows) {
        const rows = fixture.inputs.slice(start, Math.min(to, start + blockRows));
        yield { matrix: Float32Array.from(rows.flat()), count: rows.length };
      }
    },
  };
}

describe('uploadedModelLogits on a PyTorch-exported model', () => {
  it('gives the outputs PyTorch computed, in row order', async () => {
    // train: rows 0-6 in blocks of 4 and 3; test: rows 7-10 in one block
    const out = await uploadedModelLogits(model, fixture.inputShape, fixture.classes, { train: split(0, 7, 4), test: split(7, 11, 256) });
    const got = [...out.train, ...out.test];
    const expected = fixture.outputs.flat();
    expect(got.length).toBe(expected.length);
    for (let i = 0; i < expected.length; i++) {
      // float32 arithmetic in both, possibly in another order: a few ulps of the largest terms
      expect(Math.abs(got[i] - expected[i]), `row ${Math.floor(i / fixture.classes)}, class ${i % fixture.classes}`).toBeLessThan(1e-5);
    }
  });

  it('refuses package arrays of another width, naming the input and its shape', async () => {
    await expect(uploadedModelLogits(model, [5], fixture.classes, { train: split(0, 0, 1), test: split(0, 0, 1) })).rejects.toThrow(
      'model.onnx input "x" is shaped (batch, 4); it must be (batch, 5) with a dynamic batch dimension.',
    );
  });
});
