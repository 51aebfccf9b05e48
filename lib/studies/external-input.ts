/** What a group sends with an external run's files, and to create an external study. */
import { z } from 'zod';

export const EXTERNAL_ROLES = ['original', 'retrain', 'unlearned'] as const;

export const externalRunOptionsSchema = z
  .object({
    role: z.enum(EXTERNAL_ROLES, { error: () => `role must be one of ${EXTERNAL_ROLES.join(', ')}.` }),
    seed: z.number().int('seed must be a whole number.').min(0).max(1_000_000),
    /** The method's name as the group calls it; required for an unlearned run. */
    method: z.string().trim().min(1).max(80, 'A method label has at most 80 characters.').optional(),
    description: z.string().max(5000).default(''),
    codeUrl: z
      .string()
      .max(2000)
      .url('codeUrl must be a URL.')
      .refine((u) => /^https?:\/\//i.test(u), 'codeUrl must be an http(s) URL.')
      .optional(),
    /** Wall-clock seconds the group measured for producing the model (speedups need both sides). */
    seconds: z.number().positive().max(1e8).optional(),
    /** Deletion request k (1-based) of a sequential scenario; an original always sees request 1. */
    request: z.number().int().min(1).default(1),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.role === 'unlearned' && !o.method) ctx.addIssue({ code: 'custom', path: ['method'], message: 'An unlearned run needs a method label.' });
    if (o.role !== 'unlearned' && o.method) ctx.addIssue({ code: 'custom', path: ['method'], message: `A ${o.role} run has no method; leave method out.` });
    if (o.role === 'original' && o.request !== 1) ctx.addIssue({ code: 'custom', path: ['request'], message: 'An original is trained before any deletion request; leave request out.' });
  });

export type ExternalRunOptions = z.infer<typeof externalRunOptionsSchema>;

export const externalStudyInputSchema = z
  .object({
    external: z.literal(true),
    name: z.string().trim().min(1, 'Name the study.').max(120, 'A study name has at most 120 characters.'),
    /** What model the group trains and how (free text): shown where Lethe shows its model spec. */
    description: z.string().trim().min(1, 'Describe the model the group trains (architecture, recipe).').max(5000),
    scenarioId: z.string().uuid('scenarioId must be a scenario id.'),
  })
  .strict();
