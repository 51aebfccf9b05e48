import { parsePerExampleFormat, perExampleExport } from '@/lib/results/per-example-export-service';
import { apiRoute } from '../../../_lib/handler';

/** Every model's per-example outputs (φ, margin, row ids): ?format=csv (default) or npy (a ZIP). */
export const GET = apiRoute<{ studyId: string }>(async ({ req, actor, params }) => {
  return perExampleExport(actor, params.studyId, parsePerExampleFormat(new URL(req.url).searchParams.get('format')));
});
