/**
 * The JSON of benchmarks and their leaderboards (service.ts builds them), as the API declares
 * it (app/api/v1/_lib/openapi.ts): the benchmark routes answer through these schemas, and a
 * share link of a benchmark shows the same leaderboard without ids.
 */
import { z } from 'zod';
import { statSchema } from '@/lib/results/results-schema';
import { isoDate } from '@/lib/wire';
import { BENCHMARK_DIRECTIONS } from './recipe';

const recipeSchema = z.object({
  seeds: z.array(z.number().int()),
  metrics: z.array(z.string()),
  criterion: z.object({ metric: z.string(), direction: z.enum(BENCHMARK_DIRECTIONS) }),
});

const scenarioFields = {
  name: z.string(),
  category: z.string(),
  forgetCount: z.number().int(),
  trainCount: z.number().int(),
  datasetName: z.string(),
  datasetVersion: z.number().int(),
  requests: z.number().int(),
};

export const benchmarkSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  teamId: z.uuid(),
  teamName: z.string(),
  scenario: z.object({ id: z.uuid(), ...scenarioFields }),
  recipe: recipeSchema,
  publishedAt: isoDate,
  withdrawnAt: isoDate.nullable(),
  entries: z.number().int(),
});

const leaderboardMetricSchema = z.object({ id: z.string(), label: z.string(), key: z.string(), asGap: z.boolean() });

/** One line per uploaded method of an entry; `entryId` is an alias (entry-N) on a share link. */
export const leaderboardLineSchema = z.object({
  entryId: z.string(),
  teamName: z.string(),
  studyName: z.string(),
  method: z.string(),
  verified: z.boolean(),
  submittedAt: isoDate,
  dashboardUrl: z.string().nullable(),
  n: z.number().int(),
  stats: z.record(z.string(), statSchema.nullable()),
  rank: z.number().int().nullable(),
  tied: z.boolean(),
  overlaps: z.array(z.string()),
  unranked: z.string().nullable(),
  mine: z.boolean(),
});

export const leaderboardSchema = z.object({
  metrics: z.array(leaderboardMetricSchema),
  criterion: leaderboardMetricSchema.extend({ direction: z.enum(BENCHMARK_DIRECTIONS) }),
  lines: z.array(leaderboardLineSchema),
  rule: z.string(),
});

export const benchmarkViewSchema = benchmarkSummarySchema.extend({
  leaderboard: leaderboardSchema,
  viewer: z.object({ member: z.boolean(), canWithdraw: z.boolean(), canVerify: z.boolean(), canShare: z.boolean() }),
});

/** A benchmark behind a share link: no ids of teams, scenarios or entries, nothing to act on. */
export const sharedBenchmarkSchema = z.object({
  kind: z.literal('benchmark'),
  name: z.string(),
  description: z.string(),
  teamName: z.string(),
  scenario: z.object(scenarioFields),
  recipe: recipeSchema,
  publishedAt: isoDate,
  leaderboard: leaderboardSchema,
  expiresAt: isoDate.nullable(),
});

export const benchmarkResponseSchema = z.object({ benchmark: benchmarkSummarySchema });
export const benchmarkListResponseSchema = z.object({ benchmarks: z.array(benchmarkSummarySchema) });
export const benchmarkViewResponseSchema = z.object({ benchmark: benchmarkViewSchema });
export const entrySubmittedResponseSchema = z.object({ entry: z.object({ entryId: z.uuid(), lines: z.array(leaderboardLineSchema) }) });
export const entryVerifiedResponseSchema = z.object({ entry: z.object({ verified: z.boolean() }) });
export const entryWithdrawnResponseSchema = z.object({ entry: z.object({ withdrawn: z.literal(true) }) });
