import { reproduceStudy } from '@/lib/studies/service';
import { studyView } from '@/lib/studies/views';
import { apiRoute, json } from '../../../_lib/handler';

/** A new study with exactly the inputs recorded in this one's manifest (data version, scenario, spec, recipe, seeds, methods). */
export const POST = apiRoute<{ studyId: string }>(async ({ actor, params }) => {
  const { study, runs } = await reproduceStudy(actor, params.studyId);
  return json(studyView(study, runs, false), 201);
});
