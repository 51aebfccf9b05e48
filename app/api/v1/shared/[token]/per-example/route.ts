import { sharedPerExample } from '@/lib/reviews/shared-parts';
import { parsePerExampleFormat } from '@/lib/results/per-example-export-service';
import { apiRoute } from '../../../_lib/handler';

/** Public (the token is the permission): a shared study's per-example outputs, ?format=csv (default) or npy (a ZIP). */
export const GET = apiRoute<{ token: string }>(async ({ req, params }) => sharedPerExample(params.token, parsePerExampleFormat(new URL(req.url).searchParams.get('format'))));
