import { z } from 'zod';
import { isoDate, jsonObject } from '@/lib/wire';

/** The audit log, newest first (the whole one for admins, a team's for its owners). */
export const auditLogResponseSchema = z.object({
  events: z.array(
    z.object({
      id: z.uuid(),
      action: z.string(),
      teamId: z.uuid().nullable(),
      teamName: z.string().nullable(),
      actorEmail: z.string().nullable(),
      targetType: z.string().nullable(),
      targetId: z.string().nullable(),
      details: jsonObject,
      ip: z.string().nullable(),
      createdAt: isoDate,
    }),
  ),
});
