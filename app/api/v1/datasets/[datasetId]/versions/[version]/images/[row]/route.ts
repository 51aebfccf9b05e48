import { datasetImagePng } from '@/lib/datasets/service';
import { apiRoute } from '../../../../../../_lib/handler';

/** One image of an image dataset as PNG (immutable: versions never change). */
export const GET = apiRoute<{ datasetId: string; version: string; row: string }>(async ({ actor, params }) => {
  const png = await datasetImagePng(actor, params.datasetId, Number(params.version), Number(params.row.replace(/\.png$/, '')));
  return new Response(png as unknown as BodyInit, { headers: { 'Content-Type': 'image/png', 'Cache-Control': 'private, max-age=31536000, immutable' } });
});
