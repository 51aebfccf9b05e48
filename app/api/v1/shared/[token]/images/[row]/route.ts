import { sharedImagePng } from '@/lib/reviews/shared-parts';
import { apiRoute } from '../../../../_lib/handler';

/** Public (the token is the permission): the image of a forget-set row of the shared study as PNG; not cached, so a revoked link stops showing it. */
export const GET = apiRoute<{ token: string; row: string }>(async ({ params }) => {
  const png = await sharedImagePng(params.token, Number(params.row.replace(/\.png$/, '')));
  return new Response(png as unknown as BodyInit, { headers: { 'Content-Type': 'image/png', 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' } });
});
