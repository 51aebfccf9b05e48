import { createVersion, datasetDetails, newVersionSchema, parseUploadOptions } from '@/lib/datasets/service';
import { datasetCreatedSchema } from '@/lib/datasets/response-schemas';
import { AppError } from '@/lib/errors';
import { apiRoute, readJson, respond, validationError } from '../../../_lib/handler';
import { readUpload } from '../../../_lib/dataset-upload';
import { progressResponse } from '../../../_lib/ndjson';
import { versionsResponseSchema } from './schema';

type Params = { datasetId: string };

export const GET = apiRoute<Params>(async ({ actor, params }) => {
  const { versions } = await datasetDetails(actor, params.datasetId);
  return respond(versionsResponseSchema, { versions });
});

/**
 * A new version: JSON `{ columns?, classNames?, trainFraction?, splitSeed?, note? }` re-ingests the
 * stored source with changed choices; multipart (options + files) replaces the data.
 */
export const POST = apiRoute<Params>(async ({ req, actor, params }) => {
  const isMultipart = (req.headers.get('content-type') ?? '').startsWith('multipart/form-data');
  if (!isMultipart) {
    const change = await readJson(req, newVersionSchema);
    return progressResponse(req, 201, datasetCreatedSchema, (progress) =>
      createVersion(actor, params.datasetId, change, undefined, (p) => progress({ type: 'progress', phase: 'parsing', ...p })),
    );
  }
  return progressResponse(req, 201, datasetCreatedSchema, async (progress) => {
    const parse = (raw: string) => {
      const parsed = newVersionSchema.safeParse(JSON.parse(raw));
      if (!parsed.success) throw validationError(parsed.error);
      return parsed.data;
    };
    const upload = await readUpload(req, parse, null);
    if (upload.files.length === 0) throw new AppError('validation', 'Attach the replacement data file(s).', { field: 'file' });
    // Replaced data may change the format; options are validated like a first upload's.
    parseUploadOptions({ name: 'check', ...(upload.options ?? {}) });
    return createVersion(actor, params.datasetId, upload.options ?? {}, upload.files, (p) => progress({ type: 'progress', phase: 'parsing', ...p }));
  });
});
