/**
 * Per-example outputs (probabilities, losses, predictions) of a predictor on row sets,
 * computed by the chosen evaluation engine: ONNX Runtime from the exported graph (one session
 * for all sets and all ensemble members), or TensorFlow.js (predictOutputs). Both give the same
 * numbers to float32 rounding; the parity test checks 1e-5.
 */
import type { EvaluationEngine } from '../ml/onnx/ort-runtime';
import { OrtLogits } from '../ml/onnx/ort-logits';
import type { TensorSet } from '../ml/tensor-set';
import { EnsemblePredictor, isModel, MIN_ENSEMBLE_PROBABILITY, OutputsCollector, predictOutputs, type Predictor, type PredictorOutputs } from './predictor';

export interface OutputsEvaluator {
  readonly engine: EvaluationEngine;
  outputs(set: TensorSet): Promise<PredictorOutputs>;
  /** Releases the engine's session; call in a finally block. */
  close(): Promise<void>;
}

/** An evaluator of `predictor` on `engine`. The predictor's weights are read once, now. */
export async function openOutputs(predictor: Predictor, engine: EvaluationEngine, signal?: AbortSignal): Promise<OutputsEvaluator> {
  if (engine.name === 'tfjs') {
    return { engine, outputs: async (set) => predictOutputs(predictor, set), close: async () => {} };
  }
  const members = isModel(predictor) ? [predictor] : predictor instanceof EnsemblePredictor ? predictor.members : null;
  if (!members) throw new Error('ONNX Runtime can evaluate a Model or a SISA ensemble, not this predictor');
  const aggregation = predictor instanceof EnsemblePredictor ? predictor.aggregation : null;
  // a vote needs each member's argmax of its logits (as tf.argMax); everything else reads probabilities
  const ort = await OrtLogits.create(
    members.map((m) => ({ spec: m.spec, io: m.io, values: m.values() })),
    engine.threads,
    aggregation === 'vote' ? 'logits' : 'probabilities',
  );
  const k = predictor.io.numClasses;
  return {
    engine,
    async outputs(set) {
      const collector = new OutputsCollector(set, k);
      let probabilities = new Float32Array(0);
      await ort.forEachBatch(set, (start, count, perMember) => {
        if (aggregation === null) return collector.add(start, count, perMember[0]);
        if (probabilities.length < count * k) probabilities = new Float32Array(count * k);
        aggregateEnsemble(perMember, aggregation, count, k, probabilities);
        collector.add(start, count, probabilities);
      }, signal);
      return collector.finish();
    },
    close: () => ort.release(),
  };
}

/**
 * EnsemblePredictor's aggregation on host arrays: the members' mean softmax (or share of
 * votes, ties to the first class as tf.argMax), floored at MIN_ENSEMBLE_PROBABILITY and
 * renormalised. EnsemblePredictor returns the log of this and predictOutputs its softmax,
 * which is this again.
 */
function aggregateEnsemble(perMember: Float32Array[], aggregation: EnsemblePredictor['aggregation'], rows: number, k: number, out: Float32Array): void {
  const n = perMember.length;
  const sums = new Float64Array(rows * k);
  for (const values of perMember) {
    if (aggregation === 'softmax') {
      // values are the member's probabilities
      for (let i = 0; i < rows * k; i++) sums[i] += values[i];
    } else {
      const logits = values;
      for (let r = 0; r < rows; r++) {
        let best = 0;
        for (let c = 1; c < k; c++) if (logits[r * k + c] > logits[r * k + best]) best = c;
        sums[r * k + best] += 1;
      }
    }
  }
  for (let r = 0; r < rows; r++) {
    let total = 0;
    for (let c = 0; c < k; c++) total += Math.max(sums[r * k + c] / n, MIN_ENSEMBLE_PROBABILITY);
    for (let c = 0; c < k; c++) out[r * k + c] = Math.max(sums[r * k + c] / n, MIN_ENSEMBLE_PROBABILITY) / total;
  }
}
