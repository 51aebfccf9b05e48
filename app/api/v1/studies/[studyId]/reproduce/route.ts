import { reproduceStudy } from '@/lib/studies/service';
import { studyViewSchema } from '@/lib/studies/view-schemas';
import { studyView } from '@/lib/studies/views';
import { apiRoute, respond } from '../../../_lib/handler';

/** A new study with exactly the inputs recorded in this one's manifest (data version, scenario, spec, recipe, seeds, methods). */
export const POST = apiRoute<{ studyId: string }>(async ({ actor, params }) => {
  const { study, runs } = await reproduceStudy(actor, params.studyId);
  return respond(studyViewSchema, studyView(study, runs, false), 201);
});
