import { previewCsv } from '@/lib/data';
import { authorizeUpload } from '@/lib/datasets/service';
import { dataErrorToAppError } from '@/lib/datasets/ingest-files';
import { csvPreviewSchema } from '@/lib/datasets/response-schemas';
import { AppError } from '@/lib/errors';
import { apiRoute, respond } from '../../../../_lib/handler';
import { readBodyBytes } from '../../../../_lib/request-body';

export const PREVIEW_MAX_BYTES = 1024 * 1024;

/**
 * The schema step: the first bytes of a CSV (the browser sends a slice of the file) give the
 * delimiter, header, first rows and inferred column types, before the whole file is uploaded.
 */
export const POST = apiRoute<{ teamId: string }>(async ({ req, actor, params }) => {
  await authorizeUpload(actor, params.teamId);
  const bytes = await readBodyBytes(req, { maxBytes: PREVIEW_MAX_BYTES });
  if (bytes.length === 0) throw new AppError('validation', 'Send the first bytes of the CSV file as the request body.', { field: 'body' });
  const complete = new URL(req.url).searchParams.get('complete') === 'true';
  try {
    return respond(csvPreviewSchema, previewCsv(bytes, 20, { complete }));
  } catch (err) {
    throw dataErrorToAppError(err);
  }
});
