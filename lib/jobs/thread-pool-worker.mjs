// Entry of every pool thread. Plain JavaScript so `new Worker` can load it anywhere (a
// tsx process, vitest, a Next.js server); it registers tsx's ESM loader, then imports the
// TypeScript entry whose absolute path the pool computed at run time.
import { workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
await import(pathToFileURL(workerData.tsEntry).href);
