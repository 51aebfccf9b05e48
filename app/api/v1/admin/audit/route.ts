import { listAudit } from '@/db/queries/audit';
import { requireAdmin } from '@/lib/auth/gate';
import { apiRoute, respond } from '../../_lib/handler';
import { auditLogResponseSchema } from './schema';

export const GET = apiRoute(async ({ req, actor }) => {
  requireAdmin(actor);
  const limit = Number(new URL(req.url).searchParams.get('limit') ?? 100);
  return respond(auditLogResponseSchema, { events: await listAudit({ limit: Number.isFinite(limit) && limit > 0 ? limit : 100 }) });
});
