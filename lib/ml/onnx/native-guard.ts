/**
 * Native ONNX Runtime calls in a worker thread, counted where the thread's pool can see them.
 * Terminating a worker thread while it is inside a native call aborts the whole process
 * (node-addon-api turns the termination into a C++ exception nothing catches), so the pool ends
 * a thread only when no call is in flight, and a thread that is being ended starts none.
 *
 * The state is one Int32 in a SharedArrayBuffer: the number of calls in flight, plus the
 * CLOSING bit the pool sets first. Outside a pool (no state installed) calls run unguarded.
 */
const CLOSING = 1 << 30;

let state: Int32Array | null = null;

/** A fresh state for one thread: the pool keeps it and passes it to the thread at start-up. */
export function createNativeGuard(): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
}

/** Called once in the thread with the state its pool created. */
export function installNativeGuard(shared: SharedArrayBuffer): void {
  state = new Int32Array(shared);
}

/** Runs one native call (session creation, run or release), counted while it is in flight. */
export async function nativeCall<T>(call: () => Promise<T>): Promise<T> {
  const guard = state;
  if (!guard) return call();
  if (Atomics.add(guard, 0, 1) & CLOSING) {
    Atomics.sub(guard, 0, 1);
    throw Object.assign(new Error('task was cancelled: its thread is being stopped'), { name: 'AbortError' });
  }
  try {
    return await call();
  } finally {
    Atomics.sub(guard, 0, 1);
  }
}

/** Pool side: no new native call may start in the thread; returns how many are still in flight. */
export function closeNativeGuard(shared: SharedArrayBuffer): number {
  return Atomics.or(new Int32Array(shared), 0, CLOSING) & ~CLOSING;
}

/** Pool side: native calls in flight in the thread. */
export function nativeCallsInFlight(shared: SharedArrayBuffer): number {
  return Atomics.load(new Int32Array(shared), 0) & ~CLOSING;
}
