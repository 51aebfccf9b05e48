import { adminChangeUser } from '@/lib/auth/accounts';
import { isUuid, requireAdmin } from '@/lib/auth/gate';
import { AppError } from '@/lib/errors';
import { apiRoute, readJson, respond } from '../../../_lib/handler';
import { adminUserPatchSchema, userChangedResponseSchema } from './schema';

export const PATCH = apiRoute<{ userId: string }>(async ({ req, actor, params }) => {
  const admin = requireAdmin(actor);
  const body = await readJson(req, adminUserPatchSchema);
  if (!isUuid(params.userId)) throw new AppError('not_found', 'User was not found.');
  const u = await adminChangeUser(admin, { userId: params.userId, change: body.change });
  return respond(userChangedResponseSchema, { id: u.id, email: u.email, isAdmin: u.isAdmin, disabled: u.disabledAt !== null });
});
