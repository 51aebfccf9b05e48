import { listUsers } from '@/lib/auth/accounts';
import { requireAdmin } from '@/lib/auth/gate';
import { apiRoute, json } from '../../_lib/handler';

export const GET = apiRoute(async ({ actor }) => {
  requireAdmin(actor);
  const users = await listUsers();
  return json({
    users: users.map((u) => ({ id: u.id, email: u.email, name: u.name, isAdmin: u.isAdmin, disabled: u.disabledAt !== null, createdAt: u.createdAt })),
  });
});
