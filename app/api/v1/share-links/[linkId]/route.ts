import { revokeShareLink } from '@/lib/reviews/service';
import { apiRoute, clientIp, respond } from '../../_lib/handler';
import { shareLinkRevokedResponseSchema } from './schema';

export const DELETE = apiRoute<{ linkId: string }>(async ({ req, actor, params }) => respond(shareLinkRevokedResponseSchema, { shareLink: await revokeShareLink(actor, params.linkId, clientIp(req)) }));
