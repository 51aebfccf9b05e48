import { listAudit } from '@/db/queries/audit';
import { authorizeTeam } from '@/lib/auth/gate';
import { apiRoute, respond } from '../../../_lib/handler';
import { auditLogResponseSchema } from '../../../admin/audit/schema';

export const GET = apiRoute<{ teamId: string }>(async ({ req, actor, params }) => {
  await authorizeTeam(actor, params.teamId, 'team.audit');
  const limit = Number(new URL(req.url).searchParams.get('limit') ?? 100);
  const events = await listAudit({ teamId: params.teamId, limit: Number.isFinite(limit) && limit > 0 ? limit : 100 });
  return respond(auditLogResponseSchema, { events });
});
