import { z } from 'zod';

export const submitEntrySchema = z.object({ studyId: z.string({ error: 'studyId is required.' }).uuid('studyId must be the id of one of your studies.') }).strict();

export const verifyEntrySchema = z.object({ verified: z.boolean({ error: 'verified must be true or false.' }) }).strict();
