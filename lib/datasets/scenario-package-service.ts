/**
 * GET /api/v1/scenarios/{id}/package?format=npy|csv: the gate (team.read on the scenario's
 * team, or any signed-in user while a benchmark publishes the scenario; otherwise another
 * team's scenario answers 404), the stored dataset version decoded (cached),
 * the scenario resolved exactly as a run resolves it, then the package (lib/scenarios/package.ts)
 * as a ZIP streamed on demand (lib/data/zip/zip-pull-stream.ts).
 */
import { findVersionById } from '@/db/queries/datasets';
import type { Actor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import { resolveScenario, type ScenarioSpec } from '@/lib/scenarios';
import { ZIP_MAX_BYTES, zipPullStream } from '@/lib/data/zip/zip-pull-stream';
import { packageFloatBytes, scenarioPackageEntries, type PackageFormat } from '@/lib/scenarios/package';
import { exportFileName } from '@/lib/results/export';
import { loadDatasetArrays } from './dataset-cache';
import { readableScenario } from './scenarios';

export function parsePackageFormat(value: string | null): PackageFormat {
  if (value === null || value === 'npy' || value === 'csv') return value ?? 'npy';
  throw new AppError('validation', `format: must be npy or csv, got "${value}".`, { field: 'format' });
}

function numberOption(options: Record<string, unknown>, key: string): number | null {
  const value = options[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export async function scenarioPackage(actor: Actor | null, scenarioId: string, format: PackageFormat): Promise<Response> {
  const { scenario, dataset } = await readableScenario(actor, scenarioId);
  const version = await findVersionById(scenario.datasetVersionId);
  if (!version) throw new AppError('not_found', 'The dataset version of this scenario was not found.', { field: 'scenarioId' });
  const { dataset: arrays } = await loadDatasetArrays(version.id);
  const resolved = resolveScenario(arrays, scenario.spec as ScenarioSpec);
  const floatBytes = packageFloatBytes(resolved);
  if (floatBytes > ZIP_MAX_BYTES) {
    throw new AppError('payload_too_large', `This scenario's package would be over ${ZIP_MAX_BYTES} bytes (x_train and x_test alone are ${floatBytes}), the ZIP limit without ZIP64.`, { field: 'scenarioId', limit: ZIP_MAX_BYTES, bytes: floatBytes });
  }
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
