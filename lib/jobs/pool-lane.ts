/**
 * Where a pool lane runs its ML tasks: a worker thread inside this process, or a child process
 * of its own. Both speak the same messages (thread-pool-protocol.ts) and load the same entry
 * (thread-pool-worker.mjs); the pool only sees a Lane.
 *
 * Processes are the default (LETHE_ML_ISOLATION=process): a run's memory (its V8 heap, its wasm
 * heap, which never shrinks, and ONNX Runtime's native buffers) then lives outside the process
 * that serves pages, shows in its own RSS, and is all returned to the system when the lane ends.
 * Ending a process mid native call is safe, which ending a worker thread is not (native-guard.ts).
 * Threads (LETHE_ML_ISOLATION=thread) start faster and share no memory either; they suit a
 * worker process that does nothing else.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { LANE_DATA_ENV, type FromThreadMessage, type ThreadWorkerData, type ToThreadMessage } from './thread-pool-protocol';

export type LaneIsolation = 'process' | 'thread';

/** LETHE_ML_ISOLATION: `process` (default) or `thread`. */
export function laneIsolation(): LaneIsolation {
  const value = process.env.LETHE_ML_ISOLATION?.trim().toLowerCase();
  if (!value || value === 'process') return 'process';
  if (value === 'thread') return 'thread';
  throw new Error(`LETHE_ML_ISOLATION must be "process" or "thread", not "${process.env.LETHE_ML_ISOLATION}"`);
}

export interface LaneEvents {
  message(message: FromThreadMessage): void;
  /** The lane's V8 heap reached its limit. */
  outOfMemory(): void;
  /** The lane ended or failed to run; called once. */
  exit(reason: string): void;
}

export interface Lane {
  readonly isolation: LaneIsolation;
  post(message: ToThreadMessage, transfer?: ArrayBuffer[]): void;
  /** Resident memory of the lane's own process in bytes, or null for a thread (it shares this process's). */
  rssBytes(): number | null;
  /** Ends the lane at once. */
  terminate(): Promise<void>;
}

export interface LaneOptions {
  entry: string;
  data: ThreadWorkerData;
  heapLimitMb: number;
}

export function spawnLane(isolation: LaneIsolation, options: LaneOptions, events: LaneEvents): Lane {
  return isolation === 'thread' ? threadLane(options, events) : processLane(options, events);
}

function threadLane({ entry, data, heapLimitMb }: LaneOptions, events: LaneEvents): Lane {
  // execArgv [] keeps the parent's loader flags (tsx, vitest) out; the .mjs registers tsx itself
  const worker = new Worker(/*turbopackIgnore: true*/ /*webpackIgnore: true*/ entry, {
    workerData: data,
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: heapLimitMb },
  });
  let ended = false;
  const end = (reason: string) => {
    if (ended) return;
    ended = true;
    events.exit(reason);
  };
  worker.on('message', (message: FromThreadMessage) => events.message(message));
  worker.on('error', (error: Error & { code?: string }) => {
    if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') events.outOfMemory();
    else end(error.message);
  });
  worker.on('exit', (code) => end(`exit code ${code}`));
  return {
    isolation: 'thread',
    post: (message, transfer = []) => worker.postMessage(message, transfer),
    rssBytes: () => null,
    terminate: async () => {
      await worker.terminate();
    },
  };
}

/**
 * V8 flags of a process lane. `--single-threaded`: V8 does its garbage collection and compiling
 * on the lane's own thread instead of helper threads. A lane is one run on one core, and the
 * pool is full in a study, so helper threads only took CPU from the other lanes: collections
 * are frequent in training (ONNX Runtime hands back every step's gradients in new buffers), and
 * on 2 cores `npm run bench:e2e` took 22.2 s with the flag against 29.3 s without it.
 */
export const LANE_V8_FLAGS: readonly string[] = ['--single-threaded'];

/** What V8 prints when a process's heap reaches --max-old-space-size. */
const HEAP_OOM = /heap out of memory|Reached heap limit/i;
/** The end of a lane's stderr, kept to tell why it died. */
const STDERR_TAIL_BYTES = 4096;

function processLane({ entry, data, heapLimitMb }: LaneOptions, events: LaneEvents): Lane {
  const child: ChildProcess = fork(/*turbopackIgnore: true*/ entry, [], {
    // explicit: the parent's own flags (tsx loaders, inspector, vitest) must not reach the lane
    execArgv: [`--max-old-space-size=${heapLimitMb}`, ...LANE_V8_FLAGS],
    env: { ...process.env, [LANE_DATA_ENV]: JSON.stringify(data) },
    // structured clone over the channel, so typed arrays arrive as typed arrays
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
  });
  let ended = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('message', (message: FromThreadMessage) => events.message(message));
  child.on('error', (error) => {
    if (ended) return;
    ended = true;
    events.exit(error.message);
  });
  child.on('exit', (code, signal) => {
    if (ended) return;
    ended = true;
    // stderr may still be draining: wait for it before telling an out-of-memory death apart
    const report = () => (HEAP_OOM.test(stderrTail) ? events.outOfMemory() : events.exit(signal ? `signal ${signal}` : `exit code ${code}`));
    if (child.stderr && !child.stderr.readableEnded) child.stderr.once('close', report);
    else report();
  });
  return {
    isolation: 'process',
    post: (message) => {
      if (child.connected) child.send(message);
    },
    rssBytes: () => (child.pid === undefined || ended ? null : processRssBytes(child.pid)),
    terminate: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A process's resident memory from /proc (Linux); null where that is not available. */
export function processRssBytes(pid: number): number | null {
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return Number.isFinite(pages) ? pages * 4096 : null;
  } catch {
    return null;
  }
}
