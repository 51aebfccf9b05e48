/**
 * A pool of worker threads, each with its own ML backend, so training never runs on the
 * web process's event loop. Tasks are `{ kind, payload }` messages handled by the
 * thread-side registry (thread-pool-handlers.ts); progress flows back to the caller,
 * cancellation reaches the task's AbortSignal, a task's dataset is sent to a thread once
 * (keyed by content hash) and reused, and a crashed thread fails its task and is replaced.
 *
 * Threads load `lib/jobs/thread-pool-worker.mjs` by an absolute path computed at run time
 * from the app root (process.cwd() by default), so bundlers never trace it and it works
 * from tsx, vitest and a Next.js server alike.
 */
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DatasetArrays } from '../data/types';
import type { MlBackendInfo } from '../ml/backend';
import type { FromThreadMessage, SerializedError, ThreadTask, ThreadWorkerData, ToThreadMessage } from './thread-pool-protocol';

export type { ThreadTask };

export interface ThreadPoolOptions {
  /** Number of threads; defaults to the number of CPU cores. */
  size?: number;
  /** Folder holding package.json and lib/ (default LETHE_APP_ROOT or process.cwd()). */
  appRoot?: string;
  /** Modules (absolute paths) each thread imports at start-up to register more task kinds. */
  handlerModules?: string[];
  /** Datasets kept per thread (least recently used are dropped). */
  datasetCacheSize?: number;
  /** CPU cores the tasks share for native threads (default: this machine's). */
  cores?: number;
}

/** A task's dataset version: sent to a thread only when that thread does not hold it yet. */
export interface TaskDataset {
  hash: string;
  load(): DatasetArrays | Promise<DatasetArrays>;
}

export interface RunTaskOptions<Progress> {
  signal?: AbortSignal;
  onProgress?(progress: Progress): void;
  dataset?: TaskDataset;
  /** Payload buffers to move into the thread instead of copying (they become unusable here). */
  transfer?: ArrayBuffer[];
}

export class ThreadCrashedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ThreadCrashedError';
  }
}

/** A task error re-created on the caller's side, keeping the thread's name and stack. */
export class ThreadTaskError extends Error {
  readonly threadStack?: string;
  constructor(error: SerializedError) {
    super(error.message);
    this.name = error.name;
    this.threadStack = error.stack;
  }
}

interface PendingTask {
  id: number;
  task: ThreadTask;
  options: RunTaskOptions<unknown>;
  resolve(value: unknown): void;
  reject(error: Error): void;
  cleanup(): void;
}

interface Slot {
  id: number;
  worker: Worker;
  ready: boolean;
  running: PendingTask | null;
  /** The datasets this thread reported holding after its last task. */
  cached: Set<string>;
}

export function defaultPoolSize(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

export class ThreadPool {
  readonly size: number;
  private readonly appRoot: string;
  private readonly handlerModules: string[];
  private readonly datasetCacheSize: number;
  private readonly cores: number;
  private readonly slots: Slot[] = [];
  private readonly queue: PendingTask[] = [];
  private nextTaskId = 1;
  private nextSlotId = 1;
  private closed = false;
  private schedulePending = false;
  private fatal: Error | null = null;
  private backend: MlBackendInfo | null = null;
  private readonly backendWaiters: ((info: MlBackendInfo) => void)[] = [];

  constructor(options: ThreadPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? defaultPoolSize());
    this.appRoot = options.appRoot ?? process.env.LETHE_APP_ROOT ?? process.cwd();
    this.handlerModules = options.handlerModules ?? [];
    this.datasetCacheSize = options.datasetCacheSize ?? 2;
    this.cores = options.cores ?? defaultPoolSize();
  }

  /** Runs a task on the next free thread; resolves with the handler's result. */
  run<Result, Progress = unknown>(task: ThreadTask, options: RunTaskOptions<Progress> = {}): Promise<Result> {
    if (this.closed) return Promise.reject(new Error('thread pool is closed'));
    if (this.fatal) return Promise.reject(this.fatal);
    if (options.signal?.aborted) return Promise.reject(abortError());
    this.ensureThreads();
    return new Promise<Result>((resolve, reject) => {
      const pending: PendingTask = {
        id: this.nextTaskId++,
        task,
        options: options as RunTaskOptions<unknown>,
        resolve: (value) => resolve(value as Result),
        reject,
        cleanup: () => options.signal?.removeEventListener('abort', onAbort),
      };
      const onAbort = () => this.cancel(pending);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(pending);
      this.scheduleSoon();
    });
  }

  /** The backend the threads use (waits for the first thread to start). */
  backendInfo(): Promise<MlBackendInfo> {
    if (this.backend) return Promise.resolve(this.backend);
    this.ensureThreads();
    return new Promise((resolve) => this.backendWaiters.push(resolve));
  }

  /**
   * Stops every thread; queued and running tasks fail. A running task is cancelled first and
   * given `graceMs` to return: terminating a thread while it is inside a native ONNX Runtime
   * call aborts the whole process, and tasks release their sessions on the way out.
   */
  async close(graceMs = 10_000): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) this.settle(pending, new Error('thread pool closed'));
    await Promise.all(
      this.slots.splice(0).map(async (slot) => {
        const running = slot.running;
        if (running) {
          const finished = new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, graceMs);
            slot.worker.on('message', (message: FromThreadMessage) => {
              if ((message.type === 'result' || message.type === 'error') && message.taskId === running.id) {
                clearTimeout(timer);
                resolve();
              }
            });
            slot.worker.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
          });
          slot.worker.postMessage({ type: 'cancel', taskId: running.id } satisfies ToThreadMessage);
          this.settle(running, new Error('thread pool closed'));
          await finished;
        }
        await slot.worker.terminate();
      }),
    );
  }

  private ensureThreads(): void {
    while (!this.closed && !this.fatal && this.slots.length < this.size) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    // turbopackIgnore: without it Next's bundler follows these paths (it resolves
    // process.cwd() to the project), bundles the .mjs entry and tsx with it, and the
    // server fails to compile; the thread must load the files from disk at run time.
    const jobsDir = path.join(/*turbopackIgnore: true*/ this.appRoot, 'lib', 'jobs');
    const workerData: ThreadWorkerData = {
      tsEntry: path.join(/*turbopackIgnore: true*/ jobsDir, 'thread-pool-worker.ts'),
      handlerModules: this.handlerModules,
      datasetCacheSize: this.datasetCacheSize,
    };
    const entry = path.join(/*turbopackIgnore: true*/ jobsDir, 'thread-pool-worker.mjs');
    // execArgv [] keeps the parent's loader flags (tsx, vitest) out; the .mjs registers tsx itself
    const worker = new Worker(/*turbopackIgnore: true*/ /*webpackIgnore: true*/ entry, { workerData, execArgv: [] });
    const slot: Slot = { id: this.nextSlotId++, worker, ready: false, running: null, cached: new Set() };
    worker.on('message', (message: FromThreadMessage) => this.onMessage(slot, message));
    worker.on('error', (error) => this.onCrash(slot, error.message));
    worker.on('exit', (code) => this.onCrash(slot, `exit code ${code}`));
    return slot;
  }

  private onMessage(slot: Slot, message: FromThreadMessage): void {
    switch (message.type) {
      case 'ready':
        slot.ready = true;
        this.backend ??= message.backend;
        for (const waiter of this.backendWaiters.splice(0)) waiter(message.backend);
        this.schedule();
        return;
      case 'init-failed':
        this.fatal = new ThreadTaskError(message.error);
        for (const pending of this.queue.splice(0)) this.settle(pending, this.fatal);
        void this.close();
        return;
      case 'need-dataset':
        void this.sendDataset(slot, message.taskId);
        return;
      case 'progress':
        if (slot.running?.id === message.taskId) slot.running.options.onProgress?.(message.progress);
        return;
      case 'result':
      case 'error': {
        slot.cached = new Set(message.cachedDatasets);
        const pending = slot.running;
        slot.running = null;
        if (pending && pending.id === message.taskId) {
          if (message.type === 'result') {
            pending.cleanup();
            pending.resolve(message.result);
          } else {
            this.settle(pending, new ThreadTaskError(message.error));
          }
        }
        this.schedule();
        return;
      }
    }
  }

  private onCrash(slot: Slot, reason: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return; // already replaced (error and exit both fire)
    this.slots.splice(index, 1);
    if (slot.running) {
      const kind = slot.running.task.kind;
      this.settle(slot.running, new ThreadCrashedError(`worker thread ${slot.id} crashed while running task '${kind}': ${reason}`));
      slot.running = null;
    }
    void slot.worker.terminate();
    if (!this.closed && !this.fatal) {
      this.ensureThreads();
      this.schedule();
    }
  }

  /**
   * Schedules after the current synchronous code, so tasks submitted together (a study's
   * runs, Promise.all) are all queued when the first is dispatched and share the cores from
   * the start (threadsPerTask).
   */
  private scheduleSoon(): void {
    if (this.schedulePending) return;
    this.schedulePending = true;
    queueMicrotask(() => {
      this.schedulePending = false;
      this.schedule();
    });
  }

  private schedule(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.running || this.queue.length === 0) continue;
      // prefer a task whose dataset this thread already holds
      let index = this.queue.findIndex((p) => p.options.dataset && slot.cached.has(p.options.dataset.hash));
      if (index < 0) index = 0;
      const [pending] = this.queue.splice(index, 1);
      slot.running = pending;
      void this.dispatch(slot, pending);
    }
  }

  private async dispatch(slot: Slot, pending: PendingTask): Promise<void> {
    try {
      const dataset = pending.options.dataset;
      let datasetMessage: { hash: string; data?: DatasetArrays } | undefined;
      if (dataset) {
        datasetMessage = slot.cached.has(dataset.hash) ? { hash: dataset.hash } : { hash: dataset.hash, data: await dataset.load() };
      }
      if (slot.running !== pending) return; // cancelled or crashed while loading
      const message: ToThreadMessage = { type: 'run', taskId: pending.id, kind: pending.task.kind, payload: pending.task.payload, threads: this.threadsPerTask(), dataset: datasetMessage };
      slot.worker.postMessage(message, pending.options.transfer ?? []);
    } catch (error) {
      if (slot.running === pending) slot.running = null;
      this.settle(pending, error instanceof Error ? error : new Error(String(error)));
      this.schedule();
    }
  }

  private async sendDataset(slot: Slot, taskId: number): Promise<void> {
    const pending = slot.running;
    if (!pending || pending.id !== taskId || !pending.options.dataset) return;
    try {
      const data = await pending.options.dataset.load();
      const message: ToThreadMessage = { type: 'dataset', taskId, hash: pending.options.dataset.hash, data };
      slot.worker.postMessage(message);
    } catch (error) {
      // the thread waits for data that will not come: replace it
      this.settle(pending, error instanceof Error ? error : new Error(String(error)));
      slot.running = null;
      this.onCrash(slot, 'dataset could not be loaded');
    }
  }

  /**
   * Native threads for a task starting now: the machine's cores shared among the tasks that
   * will run beside it (running ones, this one included, plus queued ones up to the pool's
   * size), at least one. A full pool gives one each; a lone run on a 4-core machine gets 4.
   * Tasks that arrive later do not shrink it (ORT fixes its intra-op threads per session), so
   * the cores can be briefly oversubscribed until the lone run's evaluation ends.
   */
  private threadsPerTask(): number {
    const running = this.slots.filter((s) => s.running).length;
    const sharing = Math.max(1, Math.min(this.size, running + this.queue.length));
    return Math.max(1, Math.floor(this.cores / sharing));
  }

  private cancel(pending: PendingTask): void {
    const queued = this.queue.indexOf(pending);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(pending, abortError());
      return;
    }
    const slot = this.slots.find((s) => s.running === pending);
    if (slot) slot.worker.postMessage({ type: 'cancel', taskId: pending.id } satisfies ToThreadMessage);
  }

  private settle(pending: PendingTask, error: Error): void {
    pending.cleanup();
    pending.reject(error);
  }
}

function abortError(): Error {
  const error = new Error('task was cancelled');
  error.name = 'AbortError';
  return error;
}
