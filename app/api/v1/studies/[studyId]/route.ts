import { studyWithRuns } from '@/lib/studies/service';
import { studyViewSchema } from '@/lib/studies/view-schemas';
import { studyView } from '@/lib/studies/views';
import { apiRoute, respond } from '../../_lib/handler';

/** Status, runs (with progress) and metrics of a study. */
export const GET = apiRoute<{ studyId: string }>(async ({ actor, params }) => {
  const { study, runs } = await studyWithRuns(actor, params.studyId);
  return respond(studyViewSchema, studyView(study, runs));
});
