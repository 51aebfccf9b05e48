/**
 * The JSON of comments, review status, share links and a share link's read-only view
 * (service.ts and shared.ts build them), as the API declares it.
 */
import { z } from 'zod';
import { COMMENT_TARGETS, REVIEW_STATUSES, SHARE_TARGETS } from '@/db/schema';
import { sharedBenchmarkSchema } from '@/lib/benchmarks/response-schemas';
import { resultsDataSchema } from '@/lib/results/results-schema';
import { isoDate, jsonObject } from '@/lib/wire';

export const commentViewSchema = z.object({
  id: z.uuid(),
  teamId: z.uuid(),
  targetType: z.enum(COMMENT_TARGETS),
  targetId: z.uuid(),
  authorId: z.uuid().nullable(),
  authorName: z.string().nullable(),
  authorEmail: z.string().nullable(),
  body: z.string(),
  createdAt: isoDate,
  /** Whether the caller may delete it (its author, or an owner of the team). */
  canDelete: z.boolean(),
});

export const commentThreadSchema = z.object({ comments: z.array(commentViewSchema), canComment: z.boolean() });

export const reviewStateSchema = z.object({
  status: z.enum(REVIEW_STATUSES),
  history: z.array(
    z.object({
      id: z.uuid(),
      status: z.enum(REVIEW_STATUSES),
      note: z.string(),
      actorName: z.string().nullable(),
      actorEmail: z.string().nullable(),
      assigneeName: z.string().nullable(),
      createdAt: isoDate,
    }),
  ),
  canSet: z.boolean(),
  assignee: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  reviewers: z.array(z.object({ id: z.uuid(), name: z.string(), role: z.string() })),
});

export const shareLinkViewSchema = z.object({
  id: z.uuid(),
  targetType: z.enum(SHARE_TARGETS),
  targetId: z.uuid(),
  targetName: z.string().nullable(),
  status: z.enum(['active', 'revoked', 'expired']),
  expiresAt: isoDate.nullable(),
  revokedAt: isoDate.nullable(),
  lastUsedAt: isoDate.nullable(),
  createdAt: isoDate,
  createdByEmail: z.string().nullable(),
});

const perExampleEvidenceRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  role: z.enum(['method', 'null-baseline', 'noise-floor']),
  requestIndex: z.number().int(),
  uLiraAuc: z.number().nullable(),
  uLiraTprAtLowFpr: z.number().nullable(),
  uLiraModels: z.number().int().nullable(),
  klomP95: z.object({ forget: z.number().nullable(), retain: z.number().nullable(), test: z.number().nullable() }),
  klomModels: z.string().nullable(),
  note: z.string().nullable(),
});

/** What a share link shows: one study, one comparison or one benchmark, ids replaced by aliases. */
export const sharedViewSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('study'),
    name: z.string(),
    description: z.string(),
    createdAt: isoDate,
    finishedAt: isoDate.nullable(),
    review: z.object({ status: z.enum(REVIEW_STATUSES), note: z.string(), setAt: isoDate.nullable() }),
    dataset: z.object({ name: z.string(), version: z.number().int() }).nullable(),
    scenario: z.object({ name: z.string(), category: z.string(), forgetCount: z.number().int(), trainCount: z.number().int() }).nullable(),
    model: jsonObject,
    modelDescription: z.string(),
    external: z.boolean(),
    recipe: jsonObject,
    seeds: z.array(z.number().int()),
    methods: z.array(z.string()),
    results: resultsDataSchema,
    perExample: z.array(perExampleEvidenceRowSchema),
    expiresAt: isoDate.nullable(),
  }),
  z.object({
    kind: z.literal('comparison'),
    name: z.string(),
    createdAt: isoDate,
    results: resultsDataSchema,
    expiresAt: isoDate.nullable(),
  }),
  sharedBenchmarkSchema,
]);
