/**
 * The ML pool that scores uploaded external runs (and runs their ONNX models) outside the web
 * request's thread, with a memory limit of its own.
 *
 * Why a pool of its own rather than the worker's: a web process started with LETHE_WORKER=off
 * has no worker and so no pool, and where the in-process worker runs, its lanes are taken by
 * study runs for minutes at a time, so an upload (which answers when its run is stored) would
 * wait behind them. One lane is enough: scoring takes about a second, and uploads queue behind
 * each other rather than multiply the memory they may hold. The pool starts with the first
 * upload and closes after a minute without one, so an idle server keeps no lane (nor its ML
 * backend's memory) for it.
 */
import { runMemoryCapMb } from './run-memory';
import { ThreadPool, type RunTaskOptions } from './thread-pool';
import type { ThreadTask } from './thread-pool-protocol';

const IDLE_CLOSE_MS = 60_000;

/** LETHE_EXTERNAL_RUN_MEMORY_MB, or by default LETHE_RUN_MEMORY_MB's value: what scoring one upload may hold. */
export function externalRunMemoryMb(): number {
  const fromEnv = Number(process.env.LETHE_EXTERNAL_RUN_MEMORY_MB);
  if (Number.isFinite(fromEnv) && fromEnv > 0) return Math.floor(fromEnv);
  return runMemoryCapMb();
}

interface UploadPoolState {
  pool: ThreadPool;
  limitMb: number;
  running: number;
  idleTimer: NodeJS.Timeout | null;
}

// kept on globalThis so a dev server's module reloads reuse one pool instead of leaking lanes
const holder = globalThis as unknown as { letheUploadPool?: UploadPoolState };

function uploadPool(limitMb: number): UploadPoolState {
  const current = holder.letheUploadPool;
  if (current && current.limitMb === limitMb) return current;
  if (current && current.running === 0) void closeState(current);
  const state: UploadPoolState = {
    // always a child process, whatever LETHE_ML_ISOLATION says: an uploaded model is untrusted
    // code for ONNX Runtime, and a process lane's RSS is its own to watch and to end safely
    pool: new ThreadPool({ size: 1, memoryCapMb: limitMb, isolation: 'process' }),
    limitMb,
    running: 0,
    idleTimer: null,
  };
  holder.letheUploadPool = state;
  return state;
}

async function closeState(state: UploadPoolState): Promise<void> {
  if (state.idleTimer) clearTimeout(state.idleTimer);
  state.idleTimer = null;
  if (holder.letheUploadPool === state) holder.letheUploadPool = undefined;
  await state.pool.close();
}

/** Runs one upload task in the upload lane with the limit as its budget. */
export async function runUploadTask<Result>(task: ThreadTask, options: Pick<RunTaskOptions<never>, 'dataset' | 'transfer'> & { limitMb: number }): Promise<Result> {
  const state = uploadPool(options.limitMb);
  if (state.idleTimer) clearTimeout(state.idleTimer);
  state.idleTimer = null;
  state.running++;
  try {
    return await state.pool.run<Result>(task, { dataset: options.dataset, transfer: options.transfer, memoryBudgetMb: options.limitMb });
  } finally {
    state.running--;
    if (state.running === 0) {
      if (holder.letheUploadPool === state) {
        state.idleTimer = setTimeout(() => void closeState(state), IDLE_CLOSE_MS);
        state.idleTimer.unref();
      } else {
        // replaced by a pool with another limit while this task ran
        void closeState(state);
      }
    }
  }
}

/** Closes the upload lane now (tests, shutdown). */
export async function closeUploadPool(): Promise<void> {
  const state = holder.letheUploadPool;
  if (state) await closeState(state);
}
