import { revokeShareLink } from '@/lib/reviews/service';
import { apiRoute, json } from '../../_lib/handler';

export const DELETE = apiRoute<{ linkId: string }>(async ({ actor, params }) => json({ shareLink: await revokeShareLink(actor, params.linkId) }));
