import { runsTableJson, runsTableOfGroup } from '@/app/_components/studies/study-format';
import { AppError } from '@/lib/errors';
import { studyWithTableRuns } from '@/lib/studies/service';
import { runView, studyStatus } from '@/lib/studies/views';
import { apiRoute, respond } from '../../../_lib/handler';
import { runsTableQuery, runsTableResponseSchema } from './schema';

/** The study page's runs table, or one group of it (?group=): each run's key metrics, not its whole metrics record (GET /studies/{id} has those). */
export const GET = apiRoute<{ studyId: string }>(async ({ req, actor, params }) => {
  const { group } = runsTableQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  const { runs } = await studyWithTableRuns(actor, params.studyId);
  const table = runsTableJson(studyStatus(runs), runs.map((r) => runView(r)));
  if (group === undefined) return respond(runsTableResponseSchema, table);
  const part = runsTableOfGroup(table, group);
  if (part.runs.length === 0) throw new AppError('not_found', `group: this study has no runs in group "${group}".`, { field: 'group' });
  return respond(runsTableResponseSchema, part);
});
