/**
 * npm run bench:soak — the embedded default under a real load: PGlite in a temporary data
 * directory and the worker in this process (as instrumentation.ts starts it), ML in its pool's
 * lanes (child processes by default; LETHE_ML_ISOLATION=thread keeps them in this process).
 * Fashion-MNIST (70,000 images) is uploaded, then one study with every method on an MLP
 * 784-128-10 and one with certified removal on logistic regression (its model), each over 4
 * seeds. Prints the wall time, the number of failed runs, the peak RSS of this process (the web
 * process of the embedded default), of the whole process tree (its lanes included) and of the
 * largest lane, and per run the estimate, the budget, the peak memory it held and the peak RSS of its lane.
 * Targets (issue 13): 0 failed runs, peak RSS under 1.5 GB for the web process and under
 * 2.5 GB for the tree.
 *
 * Needs `apt-get install -y dataset-fashion-mnist`. Options: --seeds N (default 4), --epochs N
 * (default 3), --methods a,b (default all), --concurrency C (default: CPU cores).
 */
import fs from 'node:fs';
import os from 'node:os';
import { laneIsolation, processRssBytes } from '@/lib/jobs/pool-lane';
import { fashionAvailable, fashionTeamWithScenario } from './fashion-mnist';

const MB = 1024 * 1024;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const seeds = Number(arg('seeds', '4'));
const epochs = Number(arg('epochs', '3'));
const onlyMethods = arg('methods', '').split(',').filter(Boolean);
const concurrency = Number(arg('concurrency', String(os.availableParallelism())));

interface RunRow {
  id: string;
  kind: string;
  variant: string;
  methodId: string | null;
  seed: number;
  status: string;
  error: string | null;
  reusedFromRunId: string | null;
  manifest: { memory?: { estimateMb: number; budgetMb: number; peakMb: number; peakRssMb?: number | null } } | null;
}

/** This process's descendants (Linux /proc): the pool's lanes. */
function descendants(pid: number): number[] {
  const children: number[] = [];
  let threads: string[] = [];
  try {
    threads = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return children;
  }
  for (const tid of threads) {
    try {
      for (const child of fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean)) children.push(Number(child));
    } catch {
      // the thread ended while we read
    }
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

/** Peak RSS of this process, of the whole tree and of the largest single descendant, sampled every 200 ms. */
function sampleTree() {
  const peak = { self: 0, tree: 0, lane: 0 };
  const timer = setInterval(() => {
    const self = process.memoryUsage.rss();
    const lanes = descendants(process.pid).map((pid) => processRssBytes(pid) ?? 0);
    peak.self = Math.max(peak.self, self);
    peak.tree = Math.max(peak.tree, self + lanes.reduce((a, b) => a + b, 0));
    peak.lane = Math.max(peak.lane, ...lanes);
  }, 200);
  timer.unref();
  return peak;
}

async function main(): Promise<void> {
  if (!fashionAvailable()) {
    return;
  }
  const dataDir = fs.mkdtempSync('/tmp/lethe-soak-');
  // the embedded default: no DATABASE_URL, PGlite in the data directory
  delete process.env.DATABASE_URL;
  process.env.LETHE_DATA_DIR = dataDir;
  process.env.LETHE_QUEUE = 'lethe-soak';

  const peak = sampleTree();
  const mb = (bytes: number) => Math.round(bytes / MB);

  const { createStudy } = await import('@/lib/studies/service');
  const { listRuns } = await import('@/db/queries/studies');
  const { closeDb } = await import('@/db/client');
  const { startWorker } = await import('@/lib/jobs/worker');
  const { methodCatalogue } = await import('@/lib/unlearning/registry');
  const { runMemoryCapMb } = await import('@/lib/jobs/run-memory');

  const worker = await startWorker({ concurrency });
  try {
    const { actor, team, dataset, scenario, uploadSeconds } = await fashionTeamWithScenario('Soak');
    console.log(`uploaded Fashion-MNIST (${dataset.rowCount} rows) to PGlite in ${uploadSeconds.toFixed(1)} s; peak RSS so far ${mb(peak.self)} MB`);

    const all = methodCatalogue().map((m) => m.id);
    const chosen = onlyMethods.length ? all.filter((id) => onlyMethods.includes(id)) : all;
    const recipe = { epochs, batchSize: 128, optimizer: { kind: 'adam', learningRate: 0.001 } };
    const started = performance.now();
    const studies = [];
    const mlpMethods = chosen.filter((id) => id !== 'certified-removal');
    if (mlpMethods.length) {
      studies.push(
        await createStudy(actor, team.id, { name: 'Soak: every method', scenarioId: scenario.id, modelSpec: { kind: 'mlp', hidden: [128] }, recipe, seeds, methods: mlpMethods.map((methodId) => ({ methodId })) }),
      );
    }
    if (chosen.includes('certified-removal')) {
      studies.push(
        await createStudy(actor, team.id, { name: 'Soak: certified removal', scenarioId: scenario.id, modelSpec: { kind: 'logistic' }, recipe, seeds, methods: [{ methodId: 'certified-removal' }] }),
      );
    }
    for (const { plan } of studies) console.log(`planned ${plan.runs.total} runs; largest run ${plan.memory.peakRun}: ~${plan.memory.peakMb} MB of ${plan.memory.limitMb} MB`);

    let rows: RunRow[] = [];
    let lastLine = '';
    for (;;) {
      rows = (await Promise.all(studies.map(({ study }) => listRuns(study.id)))).flat() as unknown as RunRow[];
      const ended = rows.filter((r) => ['succeeded', 'failed', 'cancelled'].includes(r.status)).length;
      const line = `${ended}/${rows.length} runs ended after ${((performance.now() - started) / 1000).toFixed(0)} s, peak RSS ${mb(peak.self)} MB (tree ${mb(peak.tree)} MB)`;
      if (line.split(' after')[0] !== lastLine.split(' after')[0]) console.log(line);
      lastLine = line;
      if (ended === rows.length) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const wall = (performance.now() - started) / 1000;

    console.log('\nrun                                   seed  status     estimate  budget  peak held  peak RSS of its lane (MB)');
    for (const r of rows) {
      const name = r.kind === 'unlearned' ? `unlearned ${r.methodId}` : r.variant === 'standard' ? r.kind : `${r.kind} (${r.variant.split(':')[0]})`;
      const m = r.manifest?.memory;
      const memory = r.reusedFromRunId ? 'reused' : m ? `${String(m.estimateMb).padStart(8)}  ${String(m.budgetMb).padStart(6)}  ${String(m.peakMb).padStart(9)}  ${String(m.peakRssMb ?? '-').padStart(6)}` : '-';
      console.log(`${name.padEnd(38)}${String(r.seed).padStart(4)}  ${r.status.padEnd(10)} ${memory}${r.error ? `  ${r.error}` : ''}`);
    }
    const failed = rows.filter((r) => r.status !== 'succeeded');
    const peaks = rows.map((r) => r.manifest?.memory?.peakMb ?? 0);
    console.log(
      `\n${rows.length} runs in ${wall.toFixed(0)} s; failed or cancelled: ${failed.length} (target 0); ` +
        `largest peak held by one run ${Math.max(...peaks)} MB (limit per run ${runMemoryCapMb()} MB); ` +
        `peak RSS of this process (the web process) ${mb(peak.self)} MB (target < 1536 MB), of the whole tree ${mb(peak.tree)} MB (target < 2560 MB), ` +
        `of the largest lane ${mb(peak.lane)} MB (${laneIsolation()} lanes)`,
    );
  } finally {
    await worker.stop();
    await closeDb();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
