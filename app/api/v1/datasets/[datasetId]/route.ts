import { datasetDetails, datasetPatchSchema, removeDataset, updateDatasetDetails } from '@/lib/datasets/service';
import { datasetDetailSchema, datasetSchema } from '@/lib/datasets/response-schemas';
import { apiRoute, readJson, respond } from '../../_lib/handler';

type Params = { datasetId: string };

export const GET = apiRoute<Params>(async ({ actor, params }) => {
  const { dataset, versions, dependents } = await datasetDetails(actor, params.datasetId);
  return respond(datasetDetailSchema, { ...dataset, versions, dependents });
});

/** Rename, describe, archive or unarchive. */
export const PATCH = apiRoute<Params>(async ({ req, actor, params }) => {
  const body = await readJson(req, datasetPatchSchema);
  return respond(datasetSchema, await updateDatasetDetails(actor, params.datasetId, body));
});

/** Deletes the dataset; `?confirm=<exact name>` is required, and studies using it block deletion. */
export const DELETE = apiRoute<Params>(async ({ req, actor, params }) => {
  await removeDataset(actor, params.datasetId, new URL(req.url).searchParams.get('confirm') ?? undefined);
  return new Response(null, { status: 204 });
});
