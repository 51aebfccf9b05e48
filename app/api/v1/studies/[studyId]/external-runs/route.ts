import { uploadLimits } from '@/lib/datasets/limits';
import { uploadExternalRun } from '@/lib/studies/external-runs';
import { runViewSchema } from '@/lib/studies/view-schemas';
import { runView } from '@/lib/studies/views';
import { apiRoute, respond } from '../../../_lib/handler';
import { multipartParts } from '../../../_lib/multipart';

/** Uploads one external run (multipart: options JSON first, then logits_train and logits_test .npy, or an ONNX model): 201 with the scored run. */
export const POST = apiRoute<{ studyId: string }>(async ({ req, actor, params }) => {
  const run = await uploadExternalRun(actor, params.studyId, multipartParts(req, { maxFileBytes: uploadLimits().maxBytes, maxFiles: 2 }));
  return respond(runViewSchema, runView(run), 201);
});
