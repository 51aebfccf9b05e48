/**
 * The ML backend the workers will use, known without loading TensorFlow.js in the web process:
 * LETHE_ML_BACKEND when set, tfjs-node when its native binding is installed, else 'ort' when
 * onnxruntime-node's binary is installed, else wasm (the ladder of lib/ml/backend.ts). It is part
 * of a run's input hash (same seed and backend give the same model); each run's manifest records
 * the backend that actually ran it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ModelSpec } from '../ml/model-spec';

export function expectedBackend(): string {
  const forced = process.env.LETHE_ML_BACKEND?.trim();
  if (forced) return forced;
  const nodeBinding = path.join(/*turbopackIgnore: true*/ process.cwd(), 'node_modules', '@tensorflow', 'tfjs-node', 'lib');
  try {
    const found = fs.readdirSync(nodeBinding, { recursive: true }).some((f) => String(f).endsWith('tfjs_binding.node'));
    if (found) return 'node';
  } catch {
    // no tfjs-node: the next rung
  }
  const ortBinary = path.join(/*turbopackIgnore: true*/ process.cwd(), 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6', process.platform, process.arch, 'onnxruntime_binding.node');
  return fs.existsSync(ortBinary) ? 'ort' : 'wasm';
}

/**
 * The backend as it enters a run's input hash. On 'ort', CNN training steps moved from
 * TensorFlow.js's fused step to ONNX Runtime's gradient graph (lib/ml/onnx/ort-train-step.ts):
 * the same maths, but not the same float rounding, so a CNN run hashed as 'ort' before that
 * change is not the model the same seed gives now. CNNs on 'ort' hash under their own name so
 * such runs are not reused as if they were.
 */
export function hashedBackend(backend: string, kind: ModelSpec['kind']): string {
  return backend === 'ort' && kind === 'cnn' ? 'ort/cnn-graph' : backend;
}
