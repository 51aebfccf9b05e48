/**
 * Picks the ML backend once per thread: tfjs-node when its native binary loads, else 'ort'
 * (the wasm backend with the kernel fixes plus ONNX Runtime for the training steps) when
 * onnxruntime-node loads, else plain wasm, else the plain cpu backend. LETHE_ML_BACKEND
 * (node | wasm | cpu | ort) forces one and fails loudly when it is unavailable. The result is
 * recorded in every run's manifest. 'ort' is wasm for every TensorFlow.js op plus ONNX Runtime
 * for the standard training step of every model kind (lib/ml/onnx/ort-train-step.ts): in
 * bench:train one epoch took 1.6x (logistic regression), 2.1x (MLP) and 2.3x (CNN) less CPU
 * than on wasm.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { registerWasmKernelFixes } from './kernels';
import { loadOrt } from './onnx/ort-runtime';

export type MlBackendName = 'node' | 'wasm' | 'cpu' | 'ort';

export interface MlBackendInfo {
  /** Lethe's name for the backend. */
  name: MlBackendName;
  /** The name tfjs registered it under ('tensorflow' for tfjs-node). */
  tfBackend: string;
  versions: Record<string, string>;
  /** Kernels Lethe replaced or added (wasm only). */
  kernelFixes: string[];
  /** Why faster backends were skipped, for the manifest and logs. */
  skipped: { name: MlBackendName; reason: string }[];
}

export class MlBackendUnavailableError extends Error {
  constructor(name: MlBackendName, reason: string) {
    super(`ML backend '${name}' was forced by LETHE_ML_BACKEND but is unavailable: ${reason}`);
    this.name = 'MlBackendUnavailableError';
  }
}

/** The default ladder, fastest first. */
const BACKEND_NAMES: readonly MlBackendName[] = ['node', 'ort', 'wasm', 'cpu'];
const FORCEABLE = BACKEND_NAMES;

let ready: Promise<MlBackendInfo> | null = null;
let chosen: MlBackendInfo | null = null;

/** Initialises (once) and returns the backend for this thread. */
export function initMlBackend(options: { force?: MlBackendName } = {}): Promise<MlBackendInfo> {
  if (!ready) {
    ready = selectBackend(options.force ?? forcedByEnv()).then((info) => (chosen = info));
    ready.catch(() => (ready = null));
  }
  return ready;
}

/** The backend chosen by initMlBackend, or null before it finished. */
export function mlBackendInfo(): MlBackendInfo | null {
  return chosen;
}

function forcedByEnv(): MlBackendName | undefined {
  const value = process.env.LETHE_ML_BACKEND?.trim();
  if (!value) return undefined;
  if (!(FORCEABLE as readonly string[]).includes(value)) {
    throw new Error(`LETHE_ML_BACKEND must be one of ${FORCEABLE.join(', ')}, got '${value}'`);
  }
  return value as MlBackendName;
}

async function selectBackend(forced: MlBackendName | undefined): Promise<MlBackendInfo> {
  const skipped: MlBackendInfo['skipped'] = [];
  for (const name of forced ? [forced] : BACKEND_NAMES) {
    try {
      const info = await activate(name);
      return { ...info, skipped };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (forced) throw new MlBackendUnavailableError(name, reason);
      skipped.push({ name, reason });
    }
  }
  throw new Error(`no ML backend could be initialised: ${JSON.stringify(skipped)}`);
}

async function activate(name: MlBackendName): Promise<Omit<MlBackendInfo, 'skipped'>> {
  const versions: Record<string, string> = { 'tfjs': tf.version.tfjs };
  if (name === 'node') {
    // A variable specifier keeps bundlers from resolving the optional package at build time.
    const specifier = '@tensorflow/tfjs-node';
    const mod = (await import(/* webpackIgnore: true */ specifier)) as { version?: Record<string, string> };
    if (!(await tf.setBackend('tensorflow'))) throw new Error(`tfjs-node loaded but backend 'tensorflow' did not initialise`);
    await tf.ready();
    versions['tfjs-node'] = mod.version?.['tfjs-node'] ?? 'unknown';
    return { name, tfBackend: 'tensorflow', versions, kernelFixes: [] };
  }
  if (name === 'ort') {
    const wasm = await activate('wasm');
    const ort = await loadOrt();
    return { ...wasm, name: 'ort', versions: { ...wasm.versions, 'onnxruntime-node': ort.env.versions.node ?? 'unknown' } };
  }
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(wasmDirectory());
    const kernelFixes = registerWasmKernelFixes();
    if (!(await tf.setBackend('wasm'))) throw new Error(`backend 'wasm' did not initialise`);
    await tf.ready();
    versions['tfjs-backend-wasm'] = wasm.version_wasm;
    versions['wasm-simd'] = String(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    return { name, tfBackend: 'wasm', versions, kernelFixes };
  }
  if (!(await tf.setBackend('cpu'))) throw new Error(`backend 'cpu' did not initialise`);
  await tf.ready();
  return { name, tfBackend: 'cpu', versions, kernelFixes: [] };
}

/**
 * The folder holding the .wasm binaries, as an absolute path with a trailing separator.
 * Computed at run time (LETHE_WASM_DIR, then the project's node_modules, then module
 * resolution) so it also works when this file is bundled or runs in a worker thread.
 */
export function wasmDirectory(): string {
  const candidates: string[] = [];
  if (process.env.LETHE_WASM_DIR) candidates.push(process.env.LETHE_WASM_DIR);
  candidates.push(path.join(process.cwd(), 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist'));
  try {
    const require = createRequire(import.meta.url);
    candidates.push(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')));
  } catch {
    // not resolvable from here (e.g. inside a bundle); the other candidates remain
  }
  for (const dir of candidates) {
    if (fs.existsSync(path.join(dir, 'tfjs-backend-wasm.wasm'))) return dir.endsWith(path.sep) ? dir : dir + path.sep;
  }
  throw new Error(`wasm binaries not found in ${candidates.join(', ')}; set LETHE_WASM_DIR`);
}

/**
 * Memory of this thread's ML backend: bytes of live tensors, and the size of the wasm heap
 * (0 on other backends). The wasm heap only grows; its free part is reusable by later tensors.
 */
export function mlMemory(): { tensorBytes: number; wasmHeap: number } {
  const tensorBytes = tf.memory().numBytes;
  // 'ort' runs TensorFlow.js on wasm too: its heap is part of the thread's external memory either way
  if (chosen?.tfBackend !== 'wasm') return { tensorBytes, wasmHeap: 0 };
  const backend = tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } };
  return { tensorBytes, wasmHeap: backend.wasm?.HEAPU8?.byteLength ?? 0 };
}
