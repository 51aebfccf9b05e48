import { createShareLink, teamShareLinks, type ShareTarget } from '@/lib/reviews/service';
import { AppError } from '@/lib/errors';
import { apiRoute, clientIp, readJson, respond } from '../../../_lib/handler';
import { createShareLinkSchema, shareLinkCreatedResponseSchema, shareLinkListResponseSchema } from './schema';

/** The public address of a share link, on the host the request came to. */
function shareUrl(req: Request, token: string): string {
  return new URL(`/share/${token}`, req.url).toString();
}

export const GET = apiRoute<{ teamId: string }>(async ({ req, actor, params }) => {
  const url = new URL(req.url);
  const type = url.searchParams.get('targetType');
  const targetId = url.searchParams.get('targetId');
  const targetType: ShareTarget | null = type === 'study' || type === 'comparison' || type === 'benchmark' ? type : null;
  if ((type || targetId) && !(targetId && targetType)) {
    throw new AppError('validation', 'Filter with both targetType (study, comparison or benchmark) and targetId, or neither.');
  }
  const target = targetId && targetType ? { targetType, targetId } : undefined;
  return respond(shareLinkListResponseSchema, { shareLinks: await teamShareLinks(actor, params.teamId, target) });
});

export const POST = apiRoute<{ teamId: string }>(async ({ req, actor, params }) => {
  const body = await readJson(req, createShareLinkSchema);
  const { link, token } = await createShareLink(actor, params.teamId, { targetType: body.targetType, targetId: body.targetId, expiresAt: body.expiresAt ? new Date(body.expiresAt) : null }, clientIp(req));
  // The URL carries the secret: it is in this answer only, never stored or listed again.
  return respond(shareLinkCreatedResponseSchema, { shareLink: link, url: shareUrl(req, token) }, 201);
});
