import { listUsers } from '@/lib/auth/accounts';
import { requireAdmin } from '@/lib/auth/gate';
import { apiRoute, respond } from '../../_lib/handler';
import { usersResponseSchema } from './schema';

export const GET = apiRoute(async ({ actor }) => {
  requireAdmin(actor);
  const users = await listUsers();
  return respond(usersResponseSchema, {
    users: users.map((u) => ({ id: u.id, email: u.email, name: u.name, isAdmin: u.isAdmin, disabled: u.disabledAt !== null, createdAt: u.createdAt })),
  });
});
