import { uploadLimits } from '@/lib/datasets/limits';
import { uploadExternalRun } from '@/lib/studies/external-runs';
import { runView } from '@/lib/studies/views';
import { apiRoute, json } from '../../../_lib/handler';
import { multipartParts } from '../../../_lib/multipart';

/** Uploads one external run (multipart: options JSON first, then logits_train and logits_test .npy, or an ONNX model): 201 with the scored run. */
export const POST = apiRoute<{ studyId: string }>(async ({ req, actor, params }) => {
  const run = await uploadExternalRun(actor, params.studyId, multipartParts(req, { maxFileBytes: uploadLimits().maxBytes, maxFiles: 2 }));
  return json(runView(run), 201);
});
