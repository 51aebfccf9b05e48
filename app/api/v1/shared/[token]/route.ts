/** Public: the token is the permission, for exactly one study or comparison, read-only. */
import { sharedView } from '@/lib/reviews/shared';
import { apiRoute, json } from '../../_lib/handler';

export const GET = apiRoute<{ token: string }>(async ({ params }) => json({ shared: await sharedView(params.token) }, 200, { 'X-Robots-Tag': 'noindex' }));
