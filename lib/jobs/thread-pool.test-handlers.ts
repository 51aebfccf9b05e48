/** Task kinds used only by thread-pool.test.ts: loaded into threads as a handler module. */
import { parseModelSpec } from '../ml/model-spec';
import { paramLayout } from '../ml/network';
import { exportLogitsModel, ONNX_INPUT } from '../ml/onnx/export-model';
import { nativeCall } from '../ml/onnx/native-guard';
import { createOrtSession, loadOrt } from '../ml/onnx/ort-runtime';
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
  return { result: { payload, rows: data.rowCount } };
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

/**
 * Runs a wide MLP through ONNX Runtime batch after batch (most of the time inside native code)
 * while holding 8 MB more after each batch, until the pool stops it for its budget. It does not
 * look at its signal, like a long native pass: the pool must not end the thread mid-call.
 */
registerTaskHandler('test-ort-hog', async () => {
  const spec = parseModelSpec({ kind: 'mlp', hidden: [1024, 1024] });
  const io = { inputShape: [784], numClasses: 10 };
  const model = exportLogitsModel([{ spec, io, values: paramLayout(spec, io).map((p) => new Float32Array(p.size).fill(0.01)) }]);
  const ort = await loadOrt();
  const held: Float32Array[] = [];
  for (;;) {
    // every kind of native call: create, run, release
    const session = await createOrtSession(model, 1);
    try {
      await nativeCall(() => session.run({ [ONNX_INPUT]: new ort.Tensor('float32', new Float32Array(512 * 784).fill(0.5), [512, 784]) }));
    } finally {
      await nativeCall(() => session.release());
    }
    held.push(new Float32Array((8 * 1024 * 1024) / 4).fill(1));
  }
});

/** Keeps `megabytes` of typed arrays alive after it returns (a leak, or a high-water mark), and says which process ran it. */
const kept: Float32Array[] = [];
registerTaskHandler('test-keep', async (payload) => {
  const { megabytes } = payload as { megabytes: number };
  for (let mb = 0; mb < megabytes; mb += 16) kept.push(new Float32Array((16 * 1024 * 1024) / 4).fill(1));
  return { result: process.pid };
});
