/**
 * GET /api/v1/scenarios/{id}/package?format=npy|csv: the gate (team.read on the scenario's
 * team; another team's scenario answers 404), the stored dataset version decoded (cached),
 * the scenario resolved exactly as a run resolves it, then the package (lib/scenarios/package.ts)
 * as a ZIP streamed on demand: the next chunk is produced only when the client reads, so the
 * response holds one encoded block of rows at a time, not the file.
 */
import { Zip, ZipPassThrough } from 'fflate';
import { findVersionById } from '@/db/queries/datasets';
import type { Actor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import { resolveScenario, type ScenarioSpec } from '@/lib/scenarios';
import { scenarioPackageEntries, type PackageEntry, type PackageFormat } from '@/lib/scenarios/package';
import { exportFileName } from '@/lib/results/export';
import { loadDatasetArrays } from './dataset-cache';
import { scenarioFor } from './scenarios';

export function parsePackageFormat(value: string | null): PackageFormat {
  if (value === null || value === 'npy' || value === 'csv') return value ?? 'npy';
  throw new AppError('validation', `format: must be npy or csv, got "${value}".`, { field: 'format' });
}

/** The entries as a ZIP (stored, not deflated: float data barely compresses), pulled chunk by chunk. */
export function zipPullStream(entries: readonly PackageEntry[]): ReadableStream<Uint8Array> {
  const ready: Uint8Array[] = [];
  let finished = false;
  let failure: Error | null = null;
  const zip = new Zip((err, chunk, final) => {
    if (err) failure = err;
    else ready.push(chunk);
    if (final) finished = true;
  });
  function* steps(): Generator<void> {
    for (const entry of entries) {
      const file = new ZipPassThrough(entry.name);
      zip.add(file);
      for (const chunk of entry.chunks()) {
        file.push(chunk);
        yield;
      }
      file.push(new Uint8Array(0), true);
      yield;
    }
    zip.end();
  }
  const cursor = steps();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      while (ready.length === 0 && !finished && !failure) {
        if (cursor.next().done) break;
      }
      if (failure) return controller.error(failure);
      const next = ready.shift();
      if (next) controller.enqueue(next);
      else if (finished) controller.close();
    },
  });
}

function numberOption(options: Record<string, unknown>, key: string): number | null {
  const value = options[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export async function scenarioPackage(actor: Actor | null, scenarioId: string, format: PackageFormat): Promise<Response> {
  const { scenario, dataset } = await scenarioFor(actor, scenarioId, 'team.read');
  const version = await findVersionById(scenario.datasetVersionId);
  if (!version) throw new AppError('not_found', 'The dataset version of this scenario was not found.', { field: 'scenarioId' });
  const { dataset: arrays } = await loadDatasetArrays(version.id);
  const resolved = resolveScenario(arrays, scenario.spec as ScenarioSpec);
  const entries = scenarioPackageEntries(
    {
      scenario: { id: scenario.id, name: scenario.name, category: scenario.category, forgetSetHash: resolved.forgetSetHash },
      dataset: {
        id: dataset.id,
        name: dataset.name,
        versionId: version.id,
        version: version.version,
        hash: version.hash,
        splitSeed: numberOption(version.options, 'splitSeed'),
        trainFraction: numberOption(version.options, 'trainFraction'),
      },
      resolved,
    },
    format,
  );
  const name = exportFileName(`${scenario.name} package${format === 'csv' ? ' csv' : ''}`, 'zip');
  return new Response(zipPullStream(entries), {
    headers: { 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' },
  });
}
