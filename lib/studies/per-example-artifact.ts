/**
 * The stored per-example outputs of a run (artifact 'per-example-outputs', written by the job
 * after evaluation): φ and margins with row ids, float32 (lib/metrics/per-example-outputs.ts).
 */
import { loadArtifact } from '@/db/queries/studies';
import { decodeBlob } from '@/lib/jobs/blob';
import { PER_EXAMPLE_FORMAT, type PerExampleOutputs } from '@/lib/metrics/per-example-outputs';

export const PER_EXAMPLE_OUTPUTS_ARTIFACT = 'per-example-outputs';

/** The run's outputs, or null when the run has none (it failed, or finished before they were stored). */
export async function loadPerExampleOutputs(runId: string): Promise<PerExampleOutputs | null> {
  const bytes = await loadArtifact(runId, PER_EXAMPLE_OUTPUTS_ARTIFACT);
  if (!bytes) return null;
  const value = decodeBlob<PerExampleOutputs>(bytes);
  return value?.format === PER_EXAMPLE_FORMAT ? value : null;
}
