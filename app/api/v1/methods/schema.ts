import { z } from 'zod';
import { jsonObject } from '@/lib/wire';

/** The method catalogue (lib/unlearning/registry.ts methodCatalogue). */
export const methodsResponseSchema = z.object({
  methods: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: z.enum(['exact', 'approximate']),
      description: z.string(),
      citation: z.object({ authors: z.string(), year: z.number().int(), title: z.string(), venue: z.string() }),
      /** The config's JSON Schema (input side: what a study may send). */
      configJsonSchema: jsonObject,
      defaults: jsonObject,
      defaultsChosenFor: z.enum(['subjects', 'class', 'random', 'subgroup']).nullable(),
      /** A training variant the method needs of the original (sisa, amnesiac, certified). */
      requiresOriginalTraining: z.string().nullable(),
      /** Model kinds the method works on; null: every kind. */
      modelKinds: z.array(z.string()).nullable(),
    }),
  ),
});
