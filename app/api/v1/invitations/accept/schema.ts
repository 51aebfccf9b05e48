import { z } from 'zod';

export const acceptInvitationSchema = z.object({ token: z.string().min(1, 'token is required.').max(200) });
