/**
 * A pool of lanes (child processes by default, or worker threads: pool-lane.ts), each with its
 * own ML backend, so training never runs on the web process's event loop. Tasks are
 * `{ kind, payload }` messages handled by the lane-side registry (thread-pool-handlers.ts);
 * progress flows back to the caller, cancellation reaches the task's AbortSignal, a task's
 * dataset is sent to a lane once (keyed by content hash) and reused, and a crashed lane fails
 * its task and is replaced.
 *
 * Memory: every lane runs with a V8 heap limit (LETHE_RUN_MEMORY_MB) and each task may carry
 * a budget that its lane checks, heap and wasm tensors included (run-memory.ts). A task over
 * its budget or over the heap limit fails with a RunMemoryError and its lane is replaced; a
 * lane whose wasm heap grew large is replaced after its task, since a wasm heap never shrinks.
 * As a last line for what a lane cannot see of itself (native buffers, a long native call):
 * a process lane whose RSS passes the heap limit plus LANE_NATIVE_RESERVE_MB is stopped; with
 * thread lanes, when the whole process's RSS passes the sum of the threads' caps plus the web
 * process's share, the running task with the largest budget is stopped the same way.
 *
 * Lanes load `lib/jobs/thread-pool-worker.mjs` by an absolute path computed at run time
 * from the app root (process.cwd() by default), so bundlers never trace it and it works
 * from tsx, vitest and a Next.js server alike.
 */
import os from 'node:os';
import path from 'node:path';
import type { DatasetArrays } from '../data/types';
import type { MlBackendInfo } from '../ml/backend';
import { closeNativeGuard, createNativeGuard, nativeCallsInFlight } from '../ml/onnx/native-guard';
import { laneIsolation, spawnLane, type Lane, type LaneEvents, type LaneIsolation } from './pool-lane';
import type { FromThreadMessage, SerializedError, ThreadTask, ThreadWorkerData, ToThreadMessage } from './thread-pool-protocol';
import { RunMemoryError, runMemoryCapMb } from './run-memory';

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
  /** V8 heap limit of each thread, in MB (default LETHE_RUN_MEMORY_MB, see run-memory.ts). */
  memoryCapMb?: number;
  /** Memory the process itself may use besides its threads before the RSS watchdog acts (default 1024 MB). */
  processReserveMb?: number;
  /** Child processes (default, LETHE_ML_ISOLATION) or worker threads. */
  isolation?: LaneIsolation;
  /** What a process lane may hold beyond its heap limit before the RSS watchdog stops it (default LANE_NATIVE_RESERVE_MB). */
  laneReserveMb?: number;
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
  /** The task's memory budget in MB: over it, the task fails with a RunMemoryError. */
  memoryBudgetMb?: number;
  /** What the plan expects the task to need (MB), for the error message. */
  memoryEstimateMb?: number;
  /**
   * Called when the task ends normally with the most memory it held (bytes charged by its lane)
   * and, in a process lane, the lane's peak RSS while it ran (null in a thread).
   */
  onMemoryPeak?(bytes: number, rssBytes: number | null): void;
}

export { RunMemoryError };

/** A thread with TensorFlow.js loaded uses about 25 MB of JS heap: below this it could not start. */
const MIN_THREAD_HEAP_MB = 96;
/** Threads that die before they are ready, in a row, before the pool gives up (instead of respawning forever). */
const MAX_EARLY_DEATHS = 3;
/** How long a thread leaving the pool may stay inside a native call (and a closing pool's task may take to return) before it is terminated anyway. */
const RETIRE_GRACE_MS = 10_000;
/**
 * What a process lane may hold outside its V8 heap limit before the pool stops it: the runtime
 * itself (~150 MB with TensorFlow.js and ONNX Runtime loaded), the wasm heap and native buffers,
 * which the lane's own budget check counts by live tensors only.
 */
export const LANE_NATIVE_RESERVE_MB = 512;

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
  lane: Lane;
  ready: boolean;
  running: PendingTask | null;
  /** The datasets this thread reported holding after its last task. */
  cached: Set<string>;
  /** Native calls in flight in a thread lane (native-guard.ts); none for a process. */
  nativeGuard?: SharedArrayBuffer;
  /** Set while close() waits for a cancelled task to return (or its lane to end: taskId null). */
  onTaskEnd?: (taskId: number | null) => void;
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
  readonly memoryCapMb: number;
  private readonly processReserveMb: number;
  readonly isolation: LaneIsolation;
  private readonly laneReserveMb: number;
  private rssTimer: NodeJS.Timeout | null = null;
  private earlyDeaths = 0;
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
    // the heap limit never goes below what a thread needs to start; the task budget still applies
    this.memoryCapMb = Math.max(MIN_THREAD_HEAP_MB, options.memoryCapMb ?? runMemoryCapMb());
    this.processReserveMb = options.processReserveMb ?? 1024;
    this.isolation = options.isolation ?? laneIsolation();
    this.laneReserveMb = options.laneReserveMb ?? LANE_NATIVE_RESERVE_MB;
  }

  /** Runs a task on the next free thread; resolves with the handler's result. */
  run<Result, Progress = unknown>(task: ThreadTask, options: RunTaskOptions<Progress> = {}): Promise<Result> {
    if (this.closed) return Promise.reject(new Error('thread pool is closed'));
    if (this.fatal) return Promise.reject(this.fatal);
    if (options.signal?.aborted) return Promise.reject(abortError());
    this.ensureThreads();
    this.watchProcessRss();
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
   * Stops every lane; queued and running tasks fail. In a thread lane a running task is
   * cancelled first and given `graceMs` to return: terminating a thread while it is inside a
   * native ONNX Runtime call aborts the whole process, and tasks release their sessions on the
   * way out. A process lane just ends: the system takes back all it held.
   */
  async close(graceMs = RETIRE_GRACE_MS): Promise<void> {
    this.closed = true;
    if (this.rssTimer) clearInterval(this.rssTimer);
    this.rssTimer = null;
    for (const pending of this.queue.splice(0)) this.settle(pending, new Error('thread pool closed'));
    await Promise.all(
      this.slots.splice(0).map(async (slot) => {
        const running = slot.running;
        slot.running = null;
        if (running && slot.nativeGuard) {
          // a cancelled task releases its ONNX Runtime sessions on the way out: give it the time
          const returned = new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, graceMs);
            slot.onTaskEnd = (taskId) => {
              if (taskId !== null && taskId !== running.id) return;
              clearTimeout(timer);
              resolve();
            };
          });
          slot.lane.post({ type: 'cancel', taskId: running.id });
          this.settle(running, new Error('thread pool closed'));
          await returned;
        } else if (running) {
          this.settle(running, new Error('thread pool closed'));
        }
        await this.retire(slot, graceMs);
      }),
    );
  }

  /**
   * Ends a lane that has left the pool. A process ends at once; a thread too, unless it is
   * inside a native ONNX Runtime call: terminating it there would abort the whole process.
   * Such a call (one training step or one evaluation batch) is waited for, up to `graceMs`,
   * and no new one may start.
   */
  private async retire(slot: Slot, graceMs = RETIRE_GRACE_MS): Promise<void> {
    const guard = slot.nativeGuard;
    if (guard) {
      const deadline = Date.now() + graceMs;
      let inFlight = closeNativeGuard(guard);
      while (inFlight > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight = nativeCallsInFlight(guard);
      }
    }
    await slot.lane.terminate();
  }

  private ensureThreads(): void {
    while (!this.closed && !this.fatal && this.slots.length < this.size) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    // turbopackIgnore: without it Next's bundler follows these paths (it resolves
    // process.cwd() to the project), bundles the .mjs entry and tsx with it, and the
    // server fails to compile; the lane must load the files from disk at run time.
    const jobsDir = path.join(/*turbopackIgnore: true*/ this.appRoot, 'lib', 'jobs');
    const data: ThreadWorkerData = {
      tsEntry: path.join(/*turbopackIgnore: true*/ jobsDir, 'thread-pool-worker.ts'),
      handlerModules: this.handlerModules,
      datasetCacheSize: this.datasetCacheSize,
      nativeGuard: this.isolation === 'thread' ? createNativeGuard() : undefined,
    };
    const entry = path.join(/*turbopackIgnore: true*/ jobsDir, 'thread-pool-worker.mjs');
    // the lane reports only after it started, when `slot` below exists
    const events: LaneEvents = {
      message: (message) => this.onMessage(slot, message),
      outOfMemory: () => {
        const estimate = slot.running?.options.memoryEstimateMb ?? 0;
        this.stopSlot(slot, new RunMemoryError(Math.max(estimate, this.memoryCapMb), this.memoryCapMb, 'its JavaScript heap reached the limit'));
      },
      exit: (reason) => {
        slot.onTaskEnd?.(null);
        this.onCrash(slot, reason);
      },
    };
    const lane = spawnLane(this.isolation, { entry, data, heapLimitMb: this.memoryCapMb }, events);
    const slot: Slot = { id: this.nextSlotId++, lane, ready: false, running: null, cached: new Set(), nativeGuard: data.nativeGuard };
    return slot;
  }

  /** Takes a thread out of the pool, fails its task with `error` at once, ends the thread (retire) and starts a replacement. */
  private stopSlot(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    if (!slot.ready && !this.closed && ++this.earlyDeaths >= MAX_EARLY_DEATHS) {
      this.fatal = new Error(`ML threads stopped ${this.earlyDeaths} times before they were ready (last: ${error.message})`);
      for (const pending of this.queue.splice(0)) this.settle(pending, this.fatal);
    }
    const running = slot.running;
    slot.running = null;
    if (running) {
      slot.lane.post({ type: 'cancel', taskId: running.id });
      this.settle(running, error);
    }
    void this.retire(slot);
    if (!this.closed && !this.fatal) {
      this.ensureThreads();
      this.schedule();
    }
  }

  /**
   * The RSS watchdog, for memory that lanes cannot see of themselves (native libraries,
   * allocator fragmentation, a task inside a long native call). A running process lane past
   * its heap limit plus LANE_NATIVE_RESERVE_MB is stopped. Thread lanes share this process's RSS: past
   * every thread's cap plus the reserve, the running task with the largest budget is stopped.
   */
  private watchProcessRss(): void {
    if (this.rssTimer) return;
    this.rssTimer = setInterval(() => {
      const running = this.slots.filter((s) => s.running);
      if (running.length === 0) return;
      if (this.isolation === 'process') {
        const limitMb = this.memoryCapMb + this.laneReserveMb;
        for (const slot of running) {
          const rssMb = (slot.lane.rssBytes() ?? 0) / (1024 * 1024);
          if (rssMb <= limitMb) continue;
          const budgetMb = slot.running?.options.memoryBudgetMb ?? this.memoryCapMb;
          this.stopSlot(slot, new RunMemoryError(Math.ceil(rssMb), budgetMb, `its process held ${Math.round(rssMb)} MB, over its ${limitMb} MB`));
        }
        return;
      }
      const rssMb = process.memoryUsage.rss() / (1024 * 1024);
      const limitMb = this.processReserveMb + this.memoryCapMb * this.slots.length;
      if (rssMb <= limitMb) return;
      const budget = (s: Slot) => s.running?.options.memoryBudgetMb ?? this.memoryCapMb;
      const largest = running.reduce((a, b) => (budget(b) > budget(a) ? b : a));
      const estimate = largest.running?.options.memoryEstimateMb ?? 0;
      this.stopSlot(largest, new RunMemoryError(Math.max(estimate, budget(largest)), budget(largest), `the process held ${Math.round(rssMb)} MB, over its ${limitMb} MB`));
    }, 1000);
    this.rssTimer.unref();
  }

  private onMessage(slot: Slot, message: FromThreadMessage): void {
    switch (message.type) {
      case 'ready':
        slot.ready = true;
        this.earlyDeaths = 0;
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
      case 'memory-exceeded': {
        const pending = slot.running;
        if (!pending || pending.id !== message.taskId) return;
        const needed = Math.max(message.usedMb, pending.options.memoryEstimateMb ?? 0);
        this.stopSlot(slot, new RunMemoryError(needed, message.budgetMb, `it held ${message.usedMb} MB when it was stopped`));
        return;
      }
      case 'result':
      case 'error': {
        slot.onTaskEnd?.(message.taskId);
        slot.cached = new Set(message.cachedDatasets);
        const pending = slot.running;
        slot.running = null;
        if (pending && pending.id === message.taskId) {
          if (message.type === 'result') {
            pending.cleanup();
            pending.options.onMemoryPeak?.(message.peakBytes, message.peakRssBytes);
            pending.resolve(message.result);
          } else {
            this.settle(pending, new ThreadTaskError(message.error));
          }
        }
        // A wasm heap never shrinks: a lane that grew past half its cap is replaced, so its
        // next task starts small instead of inheriting the peak of this one. A process lane
        // that, idle, still holds more than the budget of the run it just finished (its wasm
        // heap's high-water mark, fragmentation across tasks) is replaced too: a fresh process
        // costs about a second, and the memory goes back to the system.
        const budgetMb = pending?.options.memoryBudgetMb;
        const idleRss = slot.lane.rssBytes();
        const overBudgetIdle = budgetMb !== undefined && idleRss !== null && idleRss > budgetMb * 1024 * 1024;
        if (message.memory.wasmHeap > (this.memoryCapMb * 1024 * 1024) / 2 || overBudgetIdle) {
          this.stopSlot(slot, new Error('lane recycled'));
          return;
        }
        this.schedule();
        return;
      }
    }
  }

  private onCrash(slot: Slot, reason: string): void {
    // error and exit both fire: stopSlot ignores a thread already replaced
    const kind = slot.running?.task.kind;
    this.stopSlot(slot, new ThreadCrashedError(`ML ${slot.lane.isolation} ${slot.id} crashed while running task '${kind}': ${reason}`));
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
      const message: ToThreadMessage = {
        type: 'run',
        taskId: pending.id,
        kind: pending.task.kind,
        payload: pending.task.payload,
        threads: this.threadsPerTask(),
        dataset: datasetMessage,
        memoryBudgetMb: pending.options.memoryBudgetMb,
      };
      slot.lane.post(message, pending.options.transfer ?? []);
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
      slot.lane.post(message);
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
    if (slot) slot.lane.post({ type: 'cancel', taskId: pending.id });
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
