/** Task kinds used only by thread-pool.test.ts: loaded into threads as a handler module. */
import { registerTaskHandler } from './thread-pool-handlers';

registerTaskHandler('test-crash', async () => {
  // ends this thread abruptly, like a native crash or an out-of-memory kill
  process.exit(3);
});

registerTaskHandler('test-threads', async (payload, context) => {
  // stays busy long enough for a second task to start beside it
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { result: context.threads };
});

registerTaskHandler('test-echo', async (payload, context) => {
  const data = context.dataset();
  const created = context.derived('rows', () => ({ at: Date.now() }));
  return { result: { payload, rows: data.rowCount, derivedAt: created.at } };
});

/** Holds `megabytes` of typed arrays, grown 16 MB at a time with a pause between (like training steps). */
registerTaskHandler('test-allocate', async (payload) => {
  const { megabytes } = payload as { megabytes: number };
  const held: Float32Array[] = [];
  for (let mb = 0; mb < megabytes; mb += 16) {
    held.push(new Float32Array((16 * 1024 * 1024) / 4).fill(1));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { result: { held: held.length * 16 } };
});

/** Grows the JavaScript heap without bound (small objects in an array), like the array that took the server down. */
registerTaskHandler('test-heap-hog', async () => {
  const hog: Array<{ i: number; text: string }> = [];
  for (let i = 0; ; i++) hog.push({ i, text: `row ${i}` });
});
