import { runsTableJson } from '@/app/_components/studies/study-format';
import { studyWithTableRuns } from '@/lib/studies/service';
import { runView, studyStatus } from '@/lib/studies/views';
import { apiRoute, json } from '../../../_lib/handler';

/** The study page's runs table: each run's key metrics, not its whole metrics record (GET /studies/{id} has those). */
export const GET = apiRoute<{ studyId: string }>(async ({ actor, params }) => {
  const { runs } = await studyWithTableRuns(actor, params.studyId);
  return json(runsTableJson(studyStatus(runs), runs.map((r) => runView(r))));
});
