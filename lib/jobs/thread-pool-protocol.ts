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
    }
  | { type: 'dataset'; taskId: number; hash: string; data: DatasetArrays }
  | { type: 'cancel'; taskId: number };

export type FromThreadMessage =
  | { type: 'ready'; backend: MlBackendInfo }
  | { type: 'init-failed'; error: SerializedError }
  | { type: 'need-dataset'; taskId: number; hash: string }
  | { type: 'progress'; taskId: number; progress: unknown }
  | { type: 'result'; taskId: number; result: unknown; cachedDatasets: string[] }
  | { type: 'error'; taskId: number; error: SerializedError; cachedDatasets: string[] };

/** What the pool passes to each thread at start-up. */
export interface ThreadWorkerData {
  /** Absolute path of the TypeScript entry the .mjs shim imports. */
  tsEntry: string;
  /** Extra modules (absolute paths) imported at start-up to register more task handlers. */
  handlerModules: string[];
  datasetCacheSize: number;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}
