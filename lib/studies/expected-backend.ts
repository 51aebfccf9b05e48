/**
 * The ML backend the workers will use, known without loading TensorFlow.js in the web process:
 * LETHE_ML_BACKEND when set, tfjs-node when its native binding is installed, else wasm. It is part
 * of a run's input hash (same seed and backend give the same model); each run's manifest records
 * the backend that actually ran it.
 */
import fs from 'node:fs';
import path from 'node:path';

export function expectedBackend(): string {
  const forced = process.env.LETHE_ML_BACKEND?.trim();
  if (forced) return forced;
  const nodeBinding = path.join(/*turbopackIgnore: true*/ process.cwd(), 'node_modules', '@tensorflow', 'tfjs-node', 'lib');
  try {
    const found = fs.readdirSync(nodeBinding, { recursive: true }).some((f) => String(f).endsWith('tfjs_binding.node'));
    return found ? 'node' : 'wasm';
  } catch {
    return 'wasm';
  }
}
