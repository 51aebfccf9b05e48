import { parsePackageFormat, scenarioPackage } from '@/lib/datasets/scenario-package-service';
import { apiRoute } from '../../../_lib/handler';

/** The scenario's exact arrays (encoded train/test data, forget positions, manifest): ?format=npy (default) or csv, a ZIP. */
export const GET = apiRoute<{ scenarioId: string }>(async ({ req, actor, params }) => {
  return scenarioPackage(actor, params.scenarioId, parsePackageFormat(new URL(req.url).searchParams.get('format')));
});
