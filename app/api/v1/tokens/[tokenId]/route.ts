import { revokeToken } from '@/lib/auth/api-tokens';
import { apiRoute } from '../../_lib/handler';

export const DELETE = apiRoute<{ tokenId: string }>(async ({ actor, params }) => {
  await revokeToken(actor, params.tokenId);
  return new Response(null, { status: 204 });
});
