/**
 * ONNX Runtime (onnxruntime-node, native CPU kernels) as Lethe's evaluation engine, and the
 * choice between it and TensorFlow.js. LETHE_EVAL_ENGINE (ort | tfjs) forces one and fails
 * loudly when ORT is forced but does not load; by default ORT is used when it loads. Intra-op
 * threads come from LETHE_ORT_THREADS when set, else from the caller (the thread pool gives a
 * task several when it has fewer runs than cores, one when it is full).
 *
 * A session runs native code synchronously inside run(): terminating a worker thread while a
 * run is in flight aborts the whole process, so every native call goes through `nativeCall`
 * (native-guard.ts), which the thread pool waits for. Sessions are released in `finally` blocks
 * so a cancelled task leaves none behind.
 */
import type * as Ort from 'onnxruntime-node';
import { nativeCall } from './native-guard';

export type EvaluationEngineName = 'ort' | 'tfjs';

export interface EvaluationEngine {
  name: EvaluationEngineName;
  /** ORT intra-op threads (1 for tfjs, which is single-threaded in Node). */
  threads: number;
  /** Where the thread count came from. */
  threadsFrom: 'LETHE_ORT_THREADS' | 'pool' | 'default';
  versions: Record<string, string>;
  /** Why ORT was not used, when it was not. */
  fallbackReason?: string;
}

const ENGINE_NAMES: readonly EvaluationEngineName[] = ['ort', 'tfjs'];

let ortModule: Promise<typeof Ort> | null = null;

/** Loads onnxruntime-node once per thread. */
export function loadOrt(): Promise<typeof Ort> {
  if (!ortModule) {
    // a variable specifier keeps bundlers from resolving the native package at build time
    const specifier = 'onnxruntime-node';
    ortModule = import(/* webpackIgnore: true */ specifier).then((mod: typeof Ort & { default?: typeof Ort }) => (mod.InferenceSession ? mod : (mod.default as typeof Ort)));
    ortModule.catch(() => (ortModule = null));
  }
  return ortModule;
}

function forcedEngine(): EvaluationEngineName | undefined {
  const value = process.env.LETHE_EVAL_ENGINE?.trim();
  if (!value) return undefined;
  if (!(ENGINE_NAMES as readonly string[]).includes(value)) throw new Error(`LETHE_EVAL_ENGINE must be one of ${ENGINE_NAMES.join(', ')}, got '${value}'`);
  return value as EvaluationEngineName;
}

/** LETHE_ORT_THREADS as a positive integer, or undefined when unset. */
export function ortThreadsOverride(): number | undefined {
  const raw = process.env.LETHE_ORT_THREADS?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 256) throw new Error(`LETHE_ORT_THREADS must be an integer from 1 to 256, got '${raw}'`);
  return value;
}

/**
 * The engine an evaluation uses. `poolThreads` is what the thread pool allows this task
 * (undefined outside a pool: one thread).
 */
export async function chooseEvaluationEngine(options: { force?: EvaluationEngineName; poolThreads?: number } = {}): Promise<EvaluationEngine> {
  const forced = options.force ?? forcedEngine();
  if (forced === 'tfjs') return { name: 'tfjs', threads: 1, threadsFrom: 'default', versions: {}, fallbackReason: 'LETHE_EVAL_ENGINE=tfjs' };
  // a bad setting is an error, not a reason to fall back
  const override = ortThreadsOverride();
  try {
    const ort = await loadOrt();
    const threads = override ?? options.poolThreads ?? 1;
    const threadsFrom = override !== undefined ? 'LETHE_ORT_THREADS' : options.poolThreads !== undefined ? 'pool' : 'default';
    return { name: 'ort', threads, threadsFrom, versions: { 'onnxruntime-node': ort.env.versions.node ?? 'unknown' } };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (forced === 'ort') throw new Error(`evaluation engine 'ort' was forced by LETHE_EVAL_ENGINE but onnxruntime-node did not load: ${reason}`);
    return { name: 'tfjs', threads: 1, threadsFrom: 'default', versions: {}, fallbackReason: `onnxruntime-node did not load: ${reason}` };
  }
}

/** An inference session over an ONNX model held in memory, with Lethe's CPU settings. */
export async function createOrtSession(model: Uint8Array, threads: number): Promise<Ort.InferenceSession> {
  const ort = await loadOrt();
  return nativeCall(() =>
    ort.InferenceSession.create(model, {
      executionProviders: ['cpu'],
      intraOpNumThreads: threads,
      // members of an ensemble are independent branches, but one run's intra-op threads are
      // the budget the pool granted: keep execution sequential so they are not multiplied
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    }),
  );
}
