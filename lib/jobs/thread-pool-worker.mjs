// Entry of every pool lane (a worker thread or a child process, pool-lane.ts). Plain JavaScript
// so it loads anywhere (a tsx process, vitest, a Next.js server); it registers tsx's ESM loader,
// then imports the TypeScript entry whose absolute path the pool computed at run time.
import { workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const data = workerData ?? JSON.parse(process.env.LETHE_POOL_LANE_DATA ?? '{}');
register();
await import(pathToFileURL(data.tsEntry).href);
