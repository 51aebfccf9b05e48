/**
 * GET /api/v1/studies/{id}/per-example?format=csv|npy: the gate (team.read on the study's
 * team), then every succeeded run's stored per-example outputs as CSV or as NPY files in a ZIP
 * (lib/results/per-example-export.ts). A share link's route serves the same file, ids aliased.
 */
import { listRuns } from '@/db/queries/studies';
import type { Actor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import { loadPerExampleOutputs } from '@/lib/studies/per-example-artifact';
import { studyFor } from '@/lib/studies/service';
import { exportFileName } from './export';
import { perExampleCsvChunks, perExampleNpyEntries, zipStream, type ExportModel } from './per-example-export';

export type PerExampleFormat = 'csv' | 'npy';

export function parsePerExampleFormat(value: string | null): PerExampleFormat {
  if (value === null || value === 'csv' || value === 'npy') return value ?? 'csv';
  throw new AppError('validation', `format: must be csv or npy, got "${value}".`, { field: 'format' });
}

export async function perExampleExport(actor: Actor | null, studyId: string, format: PerExampleFormat): Promise<Response> {
  return perExampleResponse(await studyFor(actor, studyId), format);
}

/**
 * The file of a study its caller authorized (the team gate above, or a share link's token).
 * `alias` replaces the study's and the runs' ids in the file (a share link's redaction).
 */
export async function perExampleResponse(study: { id: string; name: string }, format: PerExampleFormat, alias: (id: string) => string = (id) => id): Promise<Response> {
  const runs = (await listRuns(study.id)).filter((r) => r.status === 'succeeded');
  const models: ExportModel[] = [];
  for (const r of runs) {
    const outputs = await loadPerExampleOutputs(r.id);
    if (outputs) models.push({ runId: alias(r.id), kind: r.kind, variant: r.variant, methodId: r.methodId, config: r.methodConfig, seed: r.seed, requestIndex: r.requestIndex, outputs });
  }
  if (models.length === 0) {
    throw new AppError('not_found', 'This study has no per-example outputs yet: no run has finished since they were recorded.', { field: 'studyId' });
  }
  const base = exportFileName(`${study.name} per-example`, format === 'csv' ? 'csv' : 'zip');
  const headers = { 'Content-Disposition': `attachment; filename="${base}"`, 'Cache-Control': 'no-store' };
  if (format === 'csv') {
    const encoder = new TextEncoder();
    const chunks = perExampleCsvChunks(models);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
    });
    return new Response(body, { headers: { ...headers, 'Content-Type': 'text/csv; charset=utf-8' } });
  }
  const { entries } = perExampleNpyEntries(models, { id: alias(study.id), name: study.name });
  return new Response(zipStream(entries), { headers: { ...headers, 'Content-Type': 'application/zip' } });
}
