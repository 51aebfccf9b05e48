/** Public: the token is the permission, for exactly one study or comparison, read-only. */
import { sharedView } from '@/lib/reviews/shared';
import { apiRoute, respond } from '../../_lib/handler';
import { sharedResponseSchema } from './schema';

export const GET = apiRoute<{ token: string }>(async ({ params }) => respond(sharedResponseSchema, { shared: await sharedView(params.token) }, 200, { 'X-Robots-Tag': 'noindex' }));
