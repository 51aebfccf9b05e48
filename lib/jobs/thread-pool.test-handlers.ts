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
