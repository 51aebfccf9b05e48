/**
 * Ingest benchmark: `npm run bench:ingest`.
 *
 * Parsing alone (lib/data, no database), each part in its own process so peak memory is per part:
 * - idx: Fashion-MNIST's 60,000 training images (+ labels), gzip IDX, from the Debian package
 *   dataset-fashion-mnist (skipped with a message when it is not installed).
 * - csv: a generated CSV of 1,000,000 rows x 20 columns, streamed from a temp file in 1 MB chunks.
 *
 * Then the whole upload (the service's createDataset: parse, keep the source, encode, store in
 * one transaction) into the embedded database (PGlite in a temp data directory, as the default
 * install) and into Postgres (a fresh database on BENCH_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres, created and dropped), side by side with peak RSS:
 * - Fashion-MNIST, all 70,000 images (train + test IDX files);
 * - the same 1M-row CSV.
 *
 * Options: `-- --rows N` (CSV rows, default 1,000,000), `-- --only parse|store`.
 * One part alone: `... ingest.ts idx|csv` (parse), `... ingest.ts store fashion|csv pglite|postgres <csv file>`.
 * Targets on a 2-core machine: Fashion-MNIST parse < 15 s, upload to PGlite < 15 s and at most
 * 2x the Postgres time; CSV >= 100,000 rows/s; peak RSS < 1 GB.
 */

import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestCsv } from '../lib/data/csv/ingest-csv';
import { ingestIdx } from '../lib/data/idx/ingest-idx';
import { createRandom } from '../lib/random';

const FASHION_DIR = '/usr/share/datasets/fashion-mnist';
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const CSV_ROWS = Number(arg('rows') ?? 1_000_000);
const CSV_FEATURES = 19;
const CHUNK = 1024 * 1024;
const MB = 1024 * 1024;

/** RSS high-water mark, sampled every 50 ms, alongside the kernel's maxRSS. */
function startMemorySampler(): () => number {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return () => {
    clearInterval(timer);
    // maxRSS is in kilobytes.
    return Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  };
}

async function* fileChunks(file: string): AsyncGenerator<Uint8Array> {
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) yield chunk as Buffer;
}

function report(name: string, seconds: number, rows: number, peakBytes: number, extra = ''): void {
  console.log(
    `${name}: ${rows.toLocaleString('en')} rows in ${seconds.toFixed(2)} s = ${Math.round(rows / seconds).toLocaleString('en')} rows/s, peak RSS ${(peakBytes / MB).toFixed(0)} MB${extra}`,
  );
}

async function benchIdx(): Promise<void> {
  const images = path.join(FASHION_DIR, 'train-images-idx3-ubyte.gz');
  const labels = path.join(FASHION_DIR, 'train-labels-idx1-ubyte.gz');
  if (!existsSync(images) || !existsSync(labels)) {
    console.log(`idx: SKIPPED - Fashion-MNIST not found in ${FASHION_DIR} (apt-get install -y dataset-fashion-mnist).`);
    return;
  }
  const peak = startMemorySampler();
  const start = performance.now();
  const result = await ingestIdx({
    images: fileChunks(images),
    labels: fileChunks(labels),
    imagesName: path.basename(images),
    labelsName: path.basename(labels),
  });
  const seconds = (performance.now() - start) / 1000;
  report('idx  Fashion-MNIST train', seconds, result.dataset.rowCount, peak(), `, hash ${result.hash.slice(0, 12)}`);
}

async function generateCsv(file: string): Promise<void> {
  const genStart = performance.now();
  const random = createRandom(2024);
  const out = createWriteStream(file);
  const header = [...Array.from({ length: CSV_FEATURES }, (_, i) => `f${i}`), 'label'].join(',');
  let batch = `${header}\n`;
  for (let r = 0; r < CSV_ROWS; r++) {
    let line = '';
    for (let c = 0; c < CSV_FEATURES; c++) line += `${(random.normal() * 10).toFixed(4)},`;
    batch += `${line}class_${random.int(5)}\n`;
    if (batch.length > CHUNK) {
      if (!out.write(batch)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      batch = '';
    }
  }
  out.end(batch);
  await new Promise<void>((resolve) => out.once('finish', () => resolve()));
  const size = statSync(file).size;
  console.log(`csv  generated ${CSV_ROWS.toLocaleString('en')} x ${CSV_FEATURES + 1} (${(size / MB).toFixed(0)} MB) in ${((performance.now() - genStart) / 1000).toFixed(1)} s`);
}

async function benchCsv(file: string): Promise<void> {
  const size = statSync(file).size;
  const peak = startMemorySampler();
  const start = performance.now();
  const result = await ingestCsv(fileChunks(file));
  const seconds = (performance.now() - start) / 1000;
  report(`csv  ${CSV_ROWS.toLocaleString('en')} x 20`, seconds, result.dataset.rowCount, peak(), `, ${(size / MB / seconds).toFixed(0)} MB/s`);
}

interface StoreResult {
  dataset: string;
  backend: string;
  rows: number;
  seconds: number;
  peakMb: number;
}

/** One upload through the service into the database DATABASE_URL (or the embedded one) names. */
async function benchStore(dataset: 'fashion' | 'csv', backend: string, csvFile: string): Promise<void> {
  const { getDbHandle, closeDb } = await import('../db/client');
  const { signUp } = await import('../lib/auth/accounts');
  const { actorFromUser } = await import('../lib/auth/actor');
  const { createTeam } = await import('../lib/auth/teams');
  const { createDataset, parseUploadOptions } = await import('../lib/datasets/service');
  await getDbHandle();
  const user = await signUp({ email: `bench-${process.pid}@example.org`, name: 'Bench', password: 'correct-horse-42' });
  const actor = actorFromUser(user, 'session');
  if (!actor) throw new Error('bench user disabled');
  const team = await createTeam(actor, 'Bench');
  const access = { actor, teamId: team.id, teamName: team.name, role: 'owner' as const };
  const fashion = (name: string, role: string) => ({ role, name, source: fileChunks(path.join(FASHION_DIR, name)) });
  const files =
    dataset === 'fashion'
      ? [
          fashion('train-images-idx3-ubyte.gz', 'images'),
          fashion('train-labels-idx1-ubyte.gz', 'labels'),
          fashion('t10k-images-idx3-ubyte.gz', 'testImages'),
          fashion('t10k-labels-idx1-ubyte.gz', 'testLabels'),
        ]
      : [{ role: 'file', name: 'generated.csv', source: fileChunks(csvFile) }];
  const peak = startMemorySampler();
  const start = performance.now();
  const created = await createDataset(access, parseUploadOptions({ name: `Bench ${dataset}`, format: dataset === 'fashion' ? 'idx' : 'csv' }), files);
  const seconds = (performance.now() - start) / 1000;
  const result: StoreResult = { dataset, backend, rows: created.rowCount, seconds, peakMb: peak() / MB };
  await closeDb();
  console.log(`RESULT ${JSON.stringify(result)}`);
}

/** Runs one store part in a fresh process against `backend`; returns its result line. */
function runStore(dataset: 'fashion' | 'csv', backend: 'pglite' | 'postgres', csvFile: string, postgresUrl: string): StoreResult | null {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lethe-bench-pglite-'));
  const env: NodeJS.ProcessEnv = { ...process.env, LETHE_DATA_DIR: dataDir, LETHE_SEED_DEMO: '0' };
  if (backend === 'postgres') env.DATABASE_URL = postgresUrl;
  else delete env.DATABASE_URL;
  try {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), 'store', dataset, backend, csvFile], { env, encoding: 'utf8', maxBuffer: 16 * MB });
    const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (child.status !== 0 || !line) {
      console.error(`store ${dataset} on ${backend} failed:\n${child.stderr.slice(-2000)}`);
      return null;
    }
    return JSON.parse(line.slice('RESULT '.length)) as StoreResult;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchStoreAll(csvFile: string): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const { default: postgres } = await import('postgres');
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const dbName = `lethe_bench_ingest_${process.pid}`;
  const haveFashion = existsSync(path.join(FASHION_DIR, 't10k-images-idx3-ubyte.gz'));
  const datasets: Array<{ key: 'fashion' | 'csv'; label: string }> = [
    ...(haveFashion ? [{ key: 'fashion' as const, label: 'Fashion-MNIST 70,000 images' }] : []),
    { key: 'csv', label: `CSV ${CSV_ROWS.toLocaleString('en')} x 20` },
  ];
  if (!haveFashion) console.log(`store: Fashion-MNIST SKIPPED - not found in ${FASHION_DIR} (apt-get install -y dataset-fashion-mnist).`);
  const rows: string[] = [];
  try {
    for (const d of datasets) {
      const results: Partial<Record<'pglite' | 'postgres', StoreResult | null>> = {};
      for (const backend of ['pglite', 'postgres'] as const) {
        let url = '';
        if (backend === 'postgres') {
          await admin.unsafe(`drop database if exists ${dbName}`);
          await admin.unsafe(`create database ${dbName}`);
          const u = new URL(adminUrl);
          u.pathname = `/${dbName}`;
          url = u.toString();
        }
        results[backend] = runStore(d.key, backend, csvFile, url);
        if (backend === 'postgres') await admin.unsafe(`drop database if exists ${dbName}`);
      }
      const cell = (r: StoreResult | null | undefined) => (r ? `${r.seconds.toFixed(2)} s, peak ${r.peakMb.toFixed(0)} MB` : 'failed');
      const p = results.pglite;
      const q = results.postgres;
      const ratio = p && q ? `${(p.seconds / q.seconds).toFixed(2)}x` : '-';
      rows.push(`${d.label.padEnd(30)} | ${cell(p).padEnd(26)} | ${cell(q).padEnd(26)} | ${ratio}`);
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
  // Wall times on a shared machine grow with its load; print it so runs can be compared.
  const [load1] = loadavg();
  console.log(`\nupload (parse + store in one transaction); load average ${load1.toFixed(1)} on ${availableParallelism()} cores`);
  console.log(`${'dataset'.padEnd(30)} | ${'PGlite (embedded)'.padEnd(26)} | ${'Postgres'.padEnd(26)} | PGlite/Postgres`);
  for (const r of rows) console.log(r);
}

async function main(): Promise<void> {
  const part = process.argv[2];
  if (part === 'idx') return benchIdx();
  if (part === 'csv') return benchCsv(process.argv[3]);
  if (part === 'store') return benchStore(process.argv[3] as 'fashion' | 'csv', process.argv[4], process.argv[5]);
  const only = arg('only');
  const dir = mkdtempSync(path.join(tmpdir(), 'lethe-bench-'));
  const csvFile = path.join(dir, 'generated.csv');
  try {
    await generateCsv(csvFile);
    // Each part in a fresh process, so one part's heap does not inflate the other's peak.
    const script = fileURLToPath(import.meta.url);
    if (only !== 'store') {
      for (const p of ['idx', 'csv']) {
        const child = spawnSync(process.execPath, [...process.execArgv, script, p, csvFile, '--rows', String(CSV_ROWS)], { stdio: 'inherit' });
        if (child.status !== 0) process.exitCode = child.status ?? 1;
      }
    }
    if (only !== 'parse') await benchStoreAll(csvFile);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
