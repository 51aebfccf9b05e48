import { z } from 'zod';
import { TEAM_ROLES } from '@/db/schema';
import { isoDate } from '@/lib/wire';

const invitationFields = { id: z.uuid(), email: z.string(), role: z.enum(TEAM_ROLES), open: z.boolean(), expiresAt: isoDate };

export const invitationsResponseSchema = z.object({ invitations: z.array(z.object({ ...invitationFields, createdAt: isoDate })) });

/** A new invitation: its token and link are in this answer only. */
export const invitationCreatedResponseSchema = z.object({ ...invitationFields, token: z.string(), url: z.url() });
