import { listLiveWorkers, listTeamRuns } from '@/db/queries/studies';
import { RUN_STATUSES, type RunStatus } from '@/db/schema';
import { authorizeTeam } from '@/lib/auth/gate';
import { AppError } from '@/lib/errors';
import { apiRoute, respond } from '../../../_lib/handler';
import { jobsResponseSchema } from './schema';

/** The team's runs across studies (?status=queued,running&studyId=…) and the live workers. */
export const GET = apiRoute<{ teamId: string }>(async ({ req, actor, params }) => {
  await authorizeTeam(actor, params.teamId, 'team.read');
  const search = new URL(req.url).searchParams;
  const status = (search.get('status') ?? '').split(',').filter(Boolean);
  const unknown = status.filter((s) => !RUN_STATUSES.includes(s as RunStatus));
  if (unknown.length) throw new AppError('validation', `status: unknown status ${unknown.join(', ')}; use ${RUN_STATUSES.join(', ')}.`, { field: 'status' });
  const [runs, workers] = await Promise.all([
    listTeamRuns(params.teamId, { status: status as RunStatus[], studyId: search.get('studyId') ?? undefined }),
    listLiveWorkers(new Date(Date.now() - 60_000)),
  ]);
  return respond(jobsResponseSchema, { runs, workers });
});
