/**
 * Runs inside each pool lane (a worker thread or a child process, pool-lane.ts): initialises
 * the lane's own ML backend, then executes tasks one at a time through the handler registry,
 * with a small LRU cache of datasets (by content hash) so a dataset is sent to a lane once
 * and reused.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { DatasetArrays } from '../data/types';
import { initMlBackend, mlMemory } from '../ml/backend';
import { installNativeGuard } from '../ml/onnx/native-guard';
import { chargedBytes, LANE_DATA_ENV, serializeError, type FromThreadMessage, type ThreadMemory, type ThreadWorkerData, type ToThreadMessage } from './thread-pool-protocol';
import { taskHandler, type TaskContext } from './thread-pool-handlers';
import { LaneRowSets } from './lane-row-sets';


/** The pool's end of the lane: the thread's parent port, or a child process's IPC channel. */
interface PoolChannel {
  config: ThreadWorkerData;
  post(message: FromThreadMessage, transfer: ArrayBuffer[]): void;
  onMessage(listener: (message: ToThreadMessage) => void): void;
}

function poolChannel(): PoolChannel {
  if (parentPort) {
    const port = parentPort;
    return { config: workerData as ThreadWorkerData, post: (message, transfer) => port.postMessage(message, transfer), onMessage: (listener) => port.on('message', listener) };
  }
  const raw = process.env[LANE_DATA_ENV];
  if (!process.send || !raw) throw new Error('thread-pool-worker must run in a pool lane (a worker thread or a forked process)');
  // a lane whose pool is gone has nothing left to do
  process.on('disconnect', () => process.exit(0));
  return {
    config: JSON.parse(raw) as ThreadWorkerData,
    post: (message) => {
      if (process.connected) process.send?.(message);
    },
    onMessage: (listener) => process.on('message', (message) => listener(message as ToThreadMessage)),
  };
}

const channel = poolChannel();
const config = channel.config;
// only threads need the guard: ending a process inside a native call is safe
if (config.nativeGuard) installNativeGuard(config.nativeGuard);
const datasets = new Map<string, DatasetArrays>();
const controllers = new Map<number, AbortController>();
const waitingForDataset = new Map<number, (data: DatasetArrays) => void>();
const rowSets = new LaneRowSets();

function post(message: FromThreadMessage, transfer: ArrayBuffer[] = []): void {
  channel.post(message, transfer);
}

function cacheDataset(hash: string, data: DatasetArrays): DatasetArrays {
  datasets.set(hash, data);
  while (datasets.size > config.datasetCacheSize) datasets.delete(datasets.keys().next().value as string);
  return data;
}

function touchDataset(hash: string): DatasetArrays | undefined {
  const entry = datasets.get(hash);
  if (entry) {
    // re-insert to mark as most recently used
    datasets.delete(hash);
    datasets.set(hash, entry);
  }
  return entry;
}

function sampleMemory(): ThreadMemory {
  // heapUsed and external are this lane's own (per isolate); a thread's rss would be the whole process's
  const usage = process.memoryUsage();
  return { heapUsed: usage.heapUsed, external: usage.external, ...mlMemory() };
}

/** How often a running task's memory is checked; training steps yield to the event loop, so the check runs between steps. */
const MEMORY_SAMPLE_MS = 100;
const MB = 1024 * 1024;

/**
 * Watches a task's memory against its budget. Over the budget, it tells the pool (which ends
 * this thread, freeing everything at once) and aborts the task in case the pool is slow to.
 */
function watchMemory(taskId: number, budgetMb: number | undefined, controller: AbortController) {
  let peak = chargedBytes(sampleMemory());
  // a process lane's RSS is its own (a thread's would be the whole process's)
  let peakRss = parentPort ? null : process.memoryUsage.rss();
  let reported = false;
  const check = () => {
    const sample = sampleMemory();
    const charged = chargedBytes(sample);
    if (charged > peak) peak = charged;
    if (peakRss !== null) peakRss = Math.max(peakRss, process.memoryUsage.rss());
    if (budgetMb === undefined || reported || charged <= budgetMb * MB) return;
    reported = true;
    post({ type: 'memory-exceeded', taskId, usedMb: Math.ceil(charged / MB), budgetMb, peak: sample });
    controller.abort();
  };
  const timer = setInterval(check, MEMORY_SAMPLE_MS);
  return {
    /** Samples once more and stops watching; returns the peak charged bytes and the lane process's peak RSS. */
    stop(): { peakBytes: number; peakRssBytes: number | null } {
      check();
      clearInterval(timer);
      return { peakBytes: peak, peakRssBytes: peakRss };
    },
    get exceeded() {
      return reported;
    },
  };
}

/** A task with a budget is charged for what the thread holds: other cached datasets go first. */
function dropOtherDatasets(keep: string | undefined): void {
  for (const hash of [...datasets.keys()]) if (hash !== keep) datasets.delete(hash);
}

async function resolveDataset(taskId: number, spec: { hash: string; data?: DatasetArrays }): Promise<DatasetArrays> {
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
  if (message.memoryBudgetMb !== undefined) dropOtherDatasets(message.dataset?.hash);
  rowSets.beginTask(message.dataset?.hash, message.memoryBudgetMb === undefined ? undefined : message.memoryBudgetMb * MB);
  const watch = watchMemory(taskId, message.memoryBudgetMb, controller);
  try {
    const handler = taskHandler(kind);
    if (!handler) throw new Error(`no task handler registered for kind '${kind}'`);
    const dataset = message.dataset ? await resolveDataset(taskId, message.dataset) : undefined;
    const requireDataset = () => {
      if (!dataset || !message.dataset) throw new Error(`task '${kind}' needs a dataset but none was given`);
      return { hash: message.dataset.hash, data: dataset };
    };
    const context: TaskContext = {
      signal: controller.signal,
      threads: message.threads,
      progress: (progress) => post({ type: 'progress', taskId, progress }),
      dataset: () => requireDataset().data,
      rowSet: (rows, encoding) => {
        const { hash, data } = requireDataset();
        return rowSets.rowSet(hash, data, rows, encoding);
      },
    };
    if (controller.signal.aborted) throw Object.assign(new Error('task was cancelled'), { name: 'AbortError' });
    const output = await handler(message.payload, context);
    const peaks = watch.stop();
    // over the budget at the very end: the pool ends this thread and fails the task anyway
    if (watch.exceeded) return;
    post({ type: 'result', taskId, result: output.result, cachedDatasets: [...datasets.keys()], memory: sampleMemory(), ...peaks }, output.transfer ?? []);
  } catch (error) {
    const peaks = watch.stop();
    if (watch.exceeded) return;
    post({ type: 'error', taskId, error: serializeError(error), cachedDatasets: [...datasets.keys()], memory: sampleMemory(), ...peaks });
  } finally {
    rowSets.endTask();
    controllers.delete(taskId);
  }
}

channel.onMessage((message) => {
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
