/**
 * Messages between the pool (main thread) and its worker threads. Typed arrays in task
 * payloads and results travel as structured clones, or are moved when listed as
 * transferables.
 */
import type { DatasetArrays } from '../data/types';
import type { MlBackendInfo } from '../ml/backend';

/** A unit of work: `kind` selects the handler registered in the thread. */
export interface ThreadTask<Payload = unknown> {
  kind: string;
  payload: Payload;
}

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

export type ToThreadMessage =
  | {
      type: 'run';
      taskId: number;
      kind: string;
      payload: unknown;
      /** CPU threads the task may use for native kernels (ORT intra-op threads). */
      threads: number;
      /** Content hash of the task's dataset version; `data` is omitted when the thread should have it cached. */
      dataset?: { hash: string; data?: DatasetArrays };
      /** The task's memory budget: the thread stops the task (and is replaced) when it holds more. */
      memoryBudgetMb?: number;
    }
  | { type: 'dataset'; taskId: number; hash: string; data: DatasetArrays }
  | { type: 'cancel'; taskId: number };

export type FromThreadMessage =
  | { type: 'ready'; backend: MlBackendInfo }
  | { type: 'init-failed'; error: SerializedError }
  | { type: 'need-dataset'; taskId: number; hash: string }
  | { type: 'progress'; taskId: number; progress: unknown }
  | { type: 'result'; taskId: number; result: unknown; cachedDatasets: string[]; memory: ThreadMemory; peakBytes: number; peakRssBytes: number | null }
  | { type: 'error'; taskId: number; error: SerializedError; cachedDatasets: string[]; memory: ThreadMemory; peakBytes: number; peakRssBytes: number | null }
  /** The running task holds more than its budget: the pool ends this thread and fails the task. */
  | { type: 'memory-exceeded'; taskId: number; usedMb: number; budgetMb: number; peak: ThreadMemory };

/** What a thread holds, in bytes (JS heap and external memory are per thread in Node). */
export interface ThreadMemory {
  /** V8 heap in use. */
  heapUsed: number;
  /** Memory outside the JS heap: typed arrays and the wasm heap (reserved size). */
  external: number;
  /** Bytes of live tensors in the ML backend (what the wasm heap really holds). */
  tensorBytes: number;
  /** Size of the wasm heap (it only grows; a thread with a large one is recycled after its task). */
  wasmHeap: number;
}

/** What a task is charged: heap + external memory, counting the wasm heap by its live tensors. */
export function chargedBytes(m: ThreadMemory): number {
  return m.heapUsed + Math.max(0, m.external - m.wasmHeap) + m.tensorBytes;
}

/** The environment variable a child-process lane reads its ThreadWorkerData from (as JSON). */
export const LANE_DATA_ENV = 'LETHE_POOL_LANE_DATA';

/** What the pool passes to each lane at start-up. */
export interface ThreadWorkerData {
  /** Absolute path of the TypeScript entry the .mjs shim imports. */
  tsEntry: string;
  /** Extra modules (absolute paths) imported at start-up to register more task handlers. */
  handlerModules: string[];
  datasetCacheSize: number;
  /** Native ONNX Runtime calls in flight in a worker thread (lib/ml/onnx/native-guard.ts); none for a process lane. */
  nativeGuard?: SharedArrayBuffer;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}
