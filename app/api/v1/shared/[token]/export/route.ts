import { sharedExport } from '@/lib/reviews/shared-parts';
import { exportRequest } from '@/lib/results/study-results-service';
import { apiRoute } from '../../../_lib/handler';

/** Public (the token is the permission): the shared table as a file, ?format=csv|json, ?rows=means|seeds, ?cols=a,b. */
export const GET = apiRoute<{ token: string }>(async ({ req, params }) => sharedExport(params.token, exportRequest(new URL(req.url))));
