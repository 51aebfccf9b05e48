/**
 * Ingest benchmark: `npx tsx bench/ingest.ts` (both parts, each in its own process so peak
 * memory is measured per part), or `... ingest.ts idx` / `... ingest.ts csv` for one part.
 *
 * - idx: Fashion-MNIST's 60,000 training images (+ labels), gzip IDX, from the Debian package
 *   dataset-fashion-mnist (skipped with a message when it is not installed).
 * - csv: a generated CSV of 1,000,000 rows x 20 columns, streamed from a temp file in 1 MB chunks.
 *
 * Targets on a 2-core machine: Fashion-MNIST < 15 s, CSV >= 100,000 rows/s, peak RSS < 1 GB.
 */

import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestCsv } from '../lib/data/csv/ingest-csv';
import { ingestIdx } from '../lib/data/idx/ingest-idx';
import { createRandom } from '../lib/random';

const FASHION_DIR = '/usr/share/datasets/fashion-mnist';
const CSV_ROWS = 1_000_000;
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
}

async function benchCsv(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lethe-bench-'));
  const file = path.join(dir, 'generated.csv');
  try {
    const genStart = performance.now();
    await generateCsv(file);
    const size = statSync(file).size;
    console.log(`csv  generated ${CSV_ROWS.toLocaleString('en')} x ${CSV_FEATURES + 1} (${(size / MB).toFixed(0)} MB) in ${((performance.now() - genStart) / 1000).toFixed(1)} s`);
    const peak = startMemorySampler();
    const start = performance.now();
    const result = await ingestCsv(fileChunks(file));
    const seconds = (performance.now() - start) / 1000;
    report('csv  1M x 20', seconds, result.dataset.rowCount, peak(), `, ${(size / MB / seconds).toFixed(0)} MB/s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const part = process.argv[2];
  if (part === 'idx') return benchIdx();
  if (part === 'csv') return benchCsv();
  // Each part in a fresh process, so one part's heap does not inflate the other's peak.
  const script = fileURLToPath(import.meta.url);
  for (const p of ['idx', 'csv']) {
    const child = spawnSync(process.execPath, [...process.execArgv, script, p], { stdio: 'inherit' });
    if (child.status !== 0) process.exitCode = child.status ?? 1;
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
