import { listAudit } from '@/db/queries/audit';
import { requireAdmin } from '@/lib/auth/gate';
import { apiRoute, json } from '../../_lib/handler';

export const GET = apiRoute(async ({ req, actor }) => {
  requireAdmin(actor);
  const limit = Number(new URL(req.url).searchParams.get('limit') ?? 100);
  return json({ events: await listAudit({ limit: Number.isFinite(limit) && limit > 0 ? limit : 100 }) });
});
