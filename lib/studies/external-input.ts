/** What a group sends with an external run's files, and to create an external study. */
import { z } from 'zod';

export const EXTERNAL_ROLES = ['original', 'retrain', 'unlearned'] as const;

/**
 * What an unlearned external run is scored against: the group's own uploaded retrain of the
 * same seed, or Lethe's retrain of that seed in a mixed study (only for an ONNX model of the
 * study's spec, trained, as the uploader declares, with the study's recipe).
 */
export const EXTERNAL_REFERENCES = ['own-retrain', 'lethe-retrain'] as const;
export type ExternalReferenceChoice = (typeof EXTERNAL_REFERENCES)[number];

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
    /** An unlearned run's reference: the group's own retrain (default) or Lethe's retrain of the seed. */
    reference: z.enum(EXTERNAL_REFERENCES, { error: () => `reference must be one of ${EXTERNAL_REFERENCES.join(', ')}.` }).default('own-retrain'),
    /**
     * The uploader's declaration that the model was trained with the study's training recipe.
     * Weights cannot show a recipe, so Lethe records it as declared, never as checked.
     */
    sameRecipe: z.literal(true, { error: () => 'sameRecipe is a declaration: send true, or leave it out.' }).optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.role === 'unlearned' && !o.method) ctx.addIssue({ code: 'custom', path: ['method'], message: 'An unlearned run needs a method label.' });
    if (o.role !== 'unlearned' && o.method) ctx.addIssue({ code: 'custom', path: ['method'], message: `A ${o.role} run has no method; leave method out.` });
    if (o.role === 'original' && o.request !== 1) ctx.addIssue({ code: 'custom', path: ['request'], message: 'An original is trained before any deletion request; leave request out.' });
    if (o.reference === 'lethe-retrain' && o.role !== 'unlearned') ctx.addIssue({ code: 'custom', path: ['reference'], message: `Only an unlearned run is scored against a reference; a ${o.role} run leaves reference out.` });
    if (o.reference === 'lethe-retrain' && o.role === 'unlearned' && !o.sameRecipe) {
      ctx.addIssue({
        code: 'custom',
        path: ['sameRecipe'],
        message: 'reference "lethe-retrain" needs sameRecipe: true, your declaration that the model was trained with the study\'s training recipe (Lethe cannot check a recipe from weights).',
      });
    }
    if (o.sameRecipe && o.reference !== 'lethe-retrain') ctx.addIssue({ code: 'custom', path: ['sameRecipe'], message: 'sameRecipe declares the recipe for reference "lethe-retrain"; leave it out otherwise.' });
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
