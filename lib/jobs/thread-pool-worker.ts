/**
 * Runs inside each pool thread: initialises this thread's own ML backend, then executes
 * tasks one at a time through the handler registry, with a small LRU cache of datasets
 * (by content hash) so a dataset is transferred to a thread once and reused.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { DatasetArrays } from '../data/types';
import { initMlBackend } from '../ml/backend';
import { serializeError, type FromThreadMessage, type ThreadWorkerData, type ToThreadMessage } from './thread-pool-protocol';
import { taskHandler, type TaskContext } from './thread-pool-handlers';

interface CachedDataset {
  data: DatasetArrays;
  derived: Map<string, { value: unknown; dispose?: (value: unknown) => void }>;
}

const port = parentPort;
if (!port) throw new Error('thread-pool-worker must run in a worker thread');
const config = workerData as ThreadWorkerData;
const datasets = new Map<string, CachedDataset>();
const controllers = new Map<number, AbortController>();
const waitingForDataset = new Map<number, (data: DatasetArrays) => void>();

function post(message: FromThreadMessage, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

function cacheDataset(hash: string, data: DatasetArrays): CachedDataset {
  const entry: CachedDataset = { data, derived: new Map() };
  datasets.set(hash, entry);
  while (datasets.size > config.datasetCacheSize) {
    const [oldest, old] = datasets.entries().next().value as [string, CachedDataset];
    for (const d of old.derived.values()) d.dispose?.(d.value);
    datasets.delete(oldest);
  }
  return entry;
}

function touchDataset(hash: string): CachedDataset | undefined {
  const entry = datasets.get(hash);
  if (entry) {
    // re-insert to mark as most recently used
    datasets.delete(hash);
    datasets.set(hash, entry);
  }
  return entry;
}

async function resolveDataset(taskId: number, spec: { hash: string; data?: DatasetArrays }): Promise<CachedDataset> {
  if (spec.data) return cacheDataset(spec.hash, spec.data);
  const cached = touchDataset(spec.hash);
  if (cached) return cached;
  // the pool's view of this cache was stale: ask for the data
  const data = await new Promise<DatasetArrays>((resolve) => {
    waitingForDataset.set(taskId, resolve);
    post({ type: 'need-dataset', taskId, hash: spec.hash });
  });
  return cacheDataset(spec.hash, data);
}

async function runTask(message: Extract<ToThreadMessage, { type: 'run' }>): Promise<void> {
  const { taskId, kind } = message;
  const controller = new AbortController();
  controllers.set(taskId, controller);
  try {
    const handler = taskHandler(kind);
    if (!handler) throw new Error(`no task handler registered for kind '${kind}'`);
    const dataset = message.dataset ? await resolveDataset(taskId, message.dataset) : undefined;
    const context: TaskContext = {
      signal: controller.signal,
      threads: message.threads,
      progress: (progress) => post({ type: 'progress', taskId, progress }),
      dataset: () => {
        if (!dataset) throw new Error(`task '${kind}' needs a dataset but none was given`);
        return dataset.data;
      },
      derived: <T>(key: string, create: () => T, dispose?: (value: T) => void): T => {
        if (!dataset) throw new Error(`task '${kind}' needs a dataset but none was given`);
        const hit = dataset.derived.get(key);
        if (hit) return hit.value as T;
        const value = create();
        dataset.derived.set(key, { value, dispose: dispose as ((value: unknown) => void) | undefined });
        return value;
      },
    };
    if (controller.signal.aborted) throw Object.assign(new Error('task was cancelled'), { name: 'AbortError' });
    const output = await handler(message.payload, context);
    post({ type: 'result', taskId, result: output.result, cachedDatasets: [...datasets.keys()] }, output.transfer ?? []);
  } catch (error) {
    post({ type: 'error', taskId, error: serializeError(error), cachedDatasets: [...datasets.keys()] });
  } finally {
    controllers.delete(taskId);
  }
}

port.on('message', (message: ToThreadMessage) => {
  if (message.type === 'run') void runTask(message);
  else if (message.type === 'cancel') controllers.get(message.taskId)?.abort();
  else if (message.type === 'dataset') {
    waitingForDataset.get(message.taskId)?.(message.data);
    waitingForDataset.delete(message.taskId);
  }
});

try {
  const backend = await initMlBackend();
  for (const handlerModule of config.handlerModules) await import(pathToFileURL(handlerModule).href);
  post({ type: 'ready', backend });
} catch (error) {
  post({ type: 'init-failed', error: serializeError(error) });
}
