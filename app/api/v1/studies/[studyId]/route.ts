import { studyWithRuns } from '@/lib/studies/service';
import { studyView } from '@/lib/studies/views';
import { apiRoute, json } from '../../_lib/handler';

/** Status, runs (with progress) and metrics of a study. */
export const GET = apiRoute<{ studyId: string }>(async ({ actor, params }) => {
  const { study, runs } = await studyWithRuns(actor, params.studyId);
  return json(studyView(study, runs));
});
