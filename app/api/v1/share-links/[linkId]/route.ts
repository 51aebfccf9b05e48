import { revokeShareLink } from '@/lib/reviews/service';
import { apiRoute, clientIp, json } from '../../_lib/handler';

export const DELETE = apiRoute<{ linkId: string }>(async ({ req, actor, params }) => json({ shareLink: await revokeShareLink(actor, params.linkId, clientIp(req)) }));
