import { createDataset, authorizeUpload, parseUploadOptions, teamDatasets } from '@/lib/datasets/service';
import { datasetCreatedSchema } from '@/lib/datasets/response-schemas';
import { AppError } from '@/lib/errors';
import { apiRoute, respond } from '../../../_lib/handler';
import { readUpload } from '../../../_lib/dataset-upload';
import { progressResponse } from '../../../_lib/ndjson';
import { datasetListResponseSchema } from './schema';

type Params = { teamId: string };

export const GET = apiRoute<Params>(async ({ req, actor, params }) => {
  const includeArchived = new URL(req.url).searchParams.get('archived') === 'include';
  const rows = await teamDatasets(actor, params.teamId, includeArchived);
  return respond(datasetListResponseSchema, { datasets: rows });
});

/** Upload: multipart with an `options` JSON part and the file part(s); 201 with the new dataset. */
export const POST = apiRoute<Params>(async ({ req, actor, params }) => {
  const access = await authorizeUpload(actor, params.teamId);
  return progressResponse(req, 201, datasetCreatedSchema, async (progress) => {
    const onProgress = (p: { bytes: number; rows: number }) => progress({ type: 'progress', phase: 'parsing', ...p });
    const upload = await readUpload(req, parseUploadOptions, (options, file) => createDataset(access, options, [file], { onProgress }));
    if (upload.streamed) return upload.streamed;
    if (!upload.options) throw new AppError('validation', 'The upload needs an "options" part (JSON with at least a name).', { field: 'options' });
    if (upload.files.length === 0) throw new AppError('validation', 'Attach the data file(s).', { field: 'file' });
    return createDataset(access, upload.options, upload.files, { onProgress });
  });
});
