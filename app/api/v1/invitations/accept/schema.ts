import { z } from 'zod';
import { TEAM_ROLES } from '@/db/schema';

export const acceptInvitationSchema = z.object({ token: z.string().min(1, 'token is required.').max(200) });

export const invitationAcceptedResponseSchema = z.object({ teamId: z.uuid(), role: z.enum(TEAM_ROLES) });
