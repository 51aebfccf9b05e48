/**
 * Benchmarks: a team owner publishes a scenario with a fixed recipe; any team submits its
 * external studies on that scenario; the leaderboard ranks their methods by the recipe's
 * criterion with the dashboard's own numbers (lib/results buildResults over the recipe's seeds)
 * and intervals (lib/benchmarks/leaderboard). Every function checks the gate (lib/auth/gate);
 * each change writes its audit event in the same transaction.
 */
import { DbError } from '@/db/errors';
import { recordAudit } from '@/db/queries/audit';
import {
  benchmarksOfScenario,
  findBenchmark,
  findEntry,
  insertBenchmark,
  insertEntry,
  listActiveEntries,
  listBenchmarks,
  setEntryVerified,
  studiesOnScenario,
  withdrawBenchmarkRow,
  withdrawEntryRow,
  type BenchmarkRow,
  type EntryRow,
} from '@/db/queries/benchmarks';
import { findResultStudies, listResultRuns, type ResultRunRow } from '@/db/queries/comparisons';
import { findDataset, findVersionById } from '@/db/queries/datasets';
import { countActiveShareLinks, insertShareLink, revokeShareLinkRow } from '@/db/queries/reviews';
import { findScenario } from '@/db/queries/scenarios';
import { findStudy } from '@/db/queries/studies';
import { listMemberships } from '@/db/queries/teams';
import { inTransaction } from '@/db/transaction';
import type { BenchmarkRecipe } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { authorizeBenchmarkRead, authorizeTeam, authorizeVisibleTeamAction, isUuid, requireActor, type TeamAccess } from '@/lib/auth/gate';
import { roleCan } from '@/lib/auth/permissions';
import { hashSecret, newSecret } from '@/lib/auth/secret-tokens';
import { AppError } from '@/lib/errors';
import type { Stat } from '@/lib/results/aggregate';
import { buildResults, type ResultsDataset } from '@/lib/results/study-results-service';
import { SHARE_LINKS_PER_TARGET, SHARE_PREFIX } from '@/lib/reviews/service';
import type { Requests } from '@/lib/scenarios/spec';
import { EXTERNAL_VARIANT } from '@/lib/studies/external-runs';
import { requestCountOf } from '@/lib/studies/external-upload-form';
import { rankLeaderboard } from './leaderboard';
import { benchmarkMetric, directionWords, normaliseRecipe, publishBenchmarkSchema } from './recipe';

export interface BenchmarkSummary {
  id: string;
  name: string;
  description: string;
  teamId: string;
  teamName: string;
  scenario: { id: string; name: string; category: string; forgetCount: number; trainCount: number; datasetName: string; datasetVersion: number; requests: number };
  recipe: BenchmarkRecipe;
  publishedAt: Date;
  withdrawnAt: Date | null;
  /** Entries on the leaderboard (not withdrawn). */
  entries: number;
}

export interface LeaderboardMetric {
  id: string;
  label: string;
  /** The results table's key and whether the number is the gap to retrain (for formatting, lib/results/format). */
  key: string;
  asGap: boolean;
}

export interface LeaderboardLine {
  entryId: string;
  teamName: string;
  studyName: string;
  /** The method's label as the dashboard shows it ("My method (external)"). */
  method: string;
  verified: boolean;
  submittedAt: Date;
  /** The entry's read-only dashboard (/share/<token>) while its link works; null once its team revoked it. */
  dashboardUrl: string | null;
  /** Seeds of the recipe this line has scored (the criterion's n). */
  n: number;
  /** Mean and 95% interval per metric id of the recipe, over the recipe's seeds. */
  stats: Record<string, Stat | null>;
  rank: number | null;
  tied: boolean;
  overlaps: string[];
  unranked: string | null;
  /** The viewer's team submitted it. */
  mine: boolean;
}

export interface Leaderboard {
  metrics: LeaderboardMetric[];
  criterion: LeaderboardMetric & { direction: BenchmarkRecipe['criterion']['direction'] };
  lines: LeaderboardLine[];
  /** How the ranking reads, in words, for under the table. */
  rule: string;
}

/** What the viewer may do on a benchmark page: null for a reader outside the publishing team. */
export interface BenchmarkViewer {
  /** The viewer is in the benchmark's team (reads it even when withdrawn). */
  member: boolean;
  canWithdraw: boolean;
  canVerify: boolean;
  canShare: boolean;
}

export interface BenchmarkView extends BenchmarkSummary {
  leaderboard: Leaderboard;
  viewer: BenchmarkViewer;
}

function summaryOf(b: BenchmarkRow): BenchmarkSummary {
  return {
    id: b.id,
    name: b.name,
    description: b.description,
    teamId: b.teamId,
    teamName: b.teamName,
    scenario: {
      id: b.scenarioId,
      name: b.scenarioName,
      category: b.category,
      forgetCount: b.forgetCount,
      trainCount: b.trainCount,
      datasetName: b.datasetName,
      datasetVersion: b.datasetVersion,
      requests: requestCountOf(b.scenarioSpec.requests as Requests | undefined),
    },
    recipe: b.recipe,
    publishedAt: b.publishedAt,
    withdrawnAt: b.withdrawnAt,
    entries: b.entries,
  };
}

function validation(issue: { path: PropertyKey[]; message: string }, issues: Array<{ path: PropertyKey[]; message: string }>): AppError {
  const field = issue.path.map(String).join('.') || 'body';
  return new AppError('validation', `${field}: ${issue.message}`, { field, issues: issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message })) });
}

/* ------------------------------------------------------------------ publish, list, withdraw */

/** Publishes one of the team's scenarios with a fixed recipe (owners). The scenario is locked from then on. */
export async function publishBenchmark(actor: Actor | null, teamId: string, body: unknown): Promise<BenchmarkSummary> {
  const access = await authorizeTeam(actor, teamId, 'team.publish');
  const parsed = publishBenchmarkSchema.safeParse(body);
  if (!parsed.success) throw validation(parsed.error.issues[0], parsed.error.issues);
  const input = parsed.data;
  const scenario = await findScenario(input.scenarioId);
  // Only the team's own scenarios: another team's is "not found", as everywhere.
  if (!scenario || scenario.teamId !== teamId) throw new AppError('not_found', 'Scenario was not found.', { field: 'scenarioId' });
  const recipe = normaliseRecipe(input.recipe);
  const created = await inTransaction('publish benchmark', async (tx) => {
    const row = await insertBenchmark(tx, { teamId, scenarioId: scenario.id, name: input.name, description: input.description, recipe, publishedBy: access.actor.id });
    await recordAudit({ action: 'benchmark.published', teamId, actorId: access.actor.id, targetType: 'benchmark', targetId: row.id, details: { name: input.name, scenarioId: scenario.id, recipe } }, tx);
    return row;
  });
  const row = await findBenchmark(created.id);
  if (!row) throw new AppError('internal', 'The benchmark vanished right after it was published.');
  return summaryOf(row);
}

/** Every published benchmark (any signed-in user), and the withdrawn ones of the viewer's teams. */
export async function benchmarkList(actor: Actor | null): Promise<BenchmarkSummary[]> {
  const a = requireActor(actor);
  const teams = (await listMemberships(a.id)).map((m) => m.teamId);
  return (await listBenchmarks({ includeWithdrawnOf: teams })).map(summaryOf);
}

async function readableBenchmark(actor: Actor | null, id: string): Promise<{ benchmark: BenchmarkRow; access: TeamAccess | null }> {
  requireActor(actor);
  const benchmark = isUuid(id) ? await findBenchmark(id) : undefined;
  if (!benchmark) throw new AppError('not_found', 'Benchmark was not found.');
  return { benchmark, access: await authorizeBenchmarkRead(actor, benchmark) };
}

/** Withdraws a benchmark (owners): gone for everyone outside its team; its recipe never changes. */
export async function withdrawBenchmark(actor: Actor | null, id: string): Promise<BenchmarkSummary> {
  const { benchmark } = await readableBenchmark(actor, id);
  const access = await authorizeVisibleTeamAction(actor, benchmark.teamId, 'team.publish', `Only owners of ${benchmark.teamName} may withdraw this benchmark.`);
  await inTransaction('withdraw benchmark', async (tx) => {
    const row = await withdrawBenchmarkRow(tx, benchmark.id, access.actor.id);
    if (!row) throw new AppError('conflict', 'This benchmark was already withdrawn.');
    await recordAudit({ action: 'benchmark.withdrawn', teamId: benchmark.teamId, actorId: access.actor.id, targetType: 'benchmark', targetId: benchmark.id, details: { name: benchmark.name } }, tx);
  });
  const row = await findBenchmark(benchmark.id);
  if (!row) throw new AppError('not_found', 'Benchmark was not found.');
  return summaryOf(row);
}

/* ------------------------------------------------------------------ the leaderboard */

const CRITERION_RULE =
  'Ranked by the criterion’s mean over the recipe’s seeds, with the 95% interval the results dashboard computes. A line is ranked 1 + the number of lines whose interval lies entirely on the better side of its own: lines whose intervals overlap cannot be told apart and share a rank (marked “=”). Each line’s gaps are to its own team’s uploaded retrain of the same seed.';

function metricsOf(recipe: BenchmarkRecipe): LeaderboardMetric[] {
  return recipe.metrics.flatMap((id) => {
    const m = benchmarkMetric(id);
    return m ? [{ id: m.id, label: m.label, key: m.key, asGap: m.source === 'gap' }] : [];
  });
}

async function datasetOfBenchmark(b: BenchmarkRow): Promise<ResultsDataset> {
  const scenario = await findScenario(b.scenarioId);
  const version = scenario ? await findVersionById(scenario.datasetVersionId) : undefined;
  if (!version) throw new AppError('not_found', 'The dataset version of this benchmark was not found.');
  const dataset = await findDataset(version.datasetId);
  return { id: version.datasetId, name: dataset?.name ?? '', version: version.version, kind: version.kind, classNames: version.classNames };
}

interface EntryLine {
  method: string;
  stats: Record<string, Stat | null>;
  n: number;
  missingSeeds: number[];
}

function seedList(seeds: number[]): string {
  return seeds.length === 1 ? `seed ${seeds[0]}` : `seeds ${seeds.join(', ')}`;
}

/**
 * An entry's lines: one per method uploaded to its study (external unlearned runs) at the
 * scenario's last deletion request, summarised over the recipe's seeds exactly as the study's
 * dashboard summarises them (the same buildResults, runs of other seeds left out).
 */
async function entryLines(benchmark: BenchmarkRow, dataset: ResultsDataset, studyId: string): Promise<EntryLine[]> {
  const [study] = await findResultStudies([studyId]);
  if (!study) return [];
  const seeds = new Set(benchmark.recipe.seeds);
  const lastRequest = requestCountOf(benchmark.scenarioSpec.requests as Requests | undefined) - 1;
  const runs = (await listResultRuns({ studyId })).filter((r) => seeds.has(r.seed) && r.requestIndex === lastRequest);
  const table = buildResults({ kind: 'study', title: study.name, teamId: study.teamId, studies: [study], runs, dataset }).table;
  const scored = (r: ResultRunRow) => r.status === 'succeeded' && r.metrics !== null;
  const retrainSeeds = new Set(runs.filter((r) => r.kind === 'retrain' && r.variant === EXTERNAL_VARIANT && scored(r)).map((r) => r.seed));
  const metrics = metricsOf(benchmark.recipe);
  return table.rows
    .filter((row) => row.kind === 'unlearned' && row.variant === EXTERNAL_VARIANT)
    .map((row) => {
      const methodSeeds = new Set(row.seeds);
      const missingSeeds = benchmark.recipe.seeds.filter((s) => !methodSeeds.has(s) || !retrainSeeds.has(s));
      const stats = Object.fromEntries(metrics.map((m) => [m.id, (m.asGap ? row.gaps[m.key] : row.values[m.key]) ?? null]));
      return { method: row.label, stats, n: benchmark.recipe.seeds.filter((s) => methodSeeds.has(s) && retrainSeeds.has(s)).length, missingSeeds };
    });
}

async function leaderboardOf(benchmark: BenchmarkRow, entries: EntryRow[], viewerTeams: ReadonlySet<string>): Promise<Leaderboard> {
  const metrics = metricsOf(benchmark.recipe);
  const criterionMetric = metrics.find((m) => m.id === benchmark.recipe.criterion.metric) ?? metrics[0];
  const dataset = await datasetOfBenchmark(benchmark);
  const unranked: LeaderboardLine[] = [];
  const candidates: Array<LeaderboardLine & { label: string }> = [];
  for (const entry of entries) {
    const base = {
      entryId: entry.id,
      teamName: entry.teamName,
      studyName: entry.studyName,
      verified: entry.verifiedAt !== null,
      submittedAt: entry.submittedAt,
      dashboardUrl: entry.linkActive && entry.shareToken ? `/share/${entry.shareToken}` : null,
      mine: viewerTeams.has(entry.teamId),
      rank: null,
      tied: false,
      overlaps: [],
    };
    const lines = await entryLines(benchmark, dataset, entry.studyId);
    if (!lines.length) {
      unranked.push({ ...base, method: '—', n: 0, stats: {}, unranked: 'The study has no uploaded method runs any more.' });
      continue;
    }
    for (const line of lines) {
      candidates.push({
        ...base,
        method: line.method,
        n: line.n,
        stats: line.stats,
        unranked: line.missingSeeds.length ? `Not ranked: ${seedList(line.missingSeeds)} of the recipe not scored (the method’s run or its retrain).` : null,
        label: `${entry.teamName}: ${line.method}`,
      });
    }
  }
  const ranked = rankLeaderboard(
    candidates.map((c, i) => ({ id: String(i), label: c.label, stat: c.stats[criterionMetric.id] ?? null, unranked: c.unranked })),
    benchmark.recipe.criterion.direction,
  );
  const lines = ranked.map((r) => {
    const { label: _label, ...line } = candidates[Number(r.id)];
    return { ...line, rank: r.rank, tied: r.tied, overlaps: r.overlaps, unranked: r.unranked };
  });
  return {
    metrics,
    criterion: { ...criterionMetric, direction: benchmark.recipe.criterion.direction },
    lines: [...lines, ...unranked],
    rule: `${CRITERION_RULE} Criterion: ${criterionMetric.label}, ${directionWords(benchmark.recipe.criterion.direction)}.`,
  };
}

/** A benchmark with its leaderboard: every signed-in user while published, its team always. */
export async function getBenchmark(actor: Actor | null, id: string): Promise<BenchmarkView> {
  const { benchmark, access } = await readableBenchmark(actor, id);
  const a = requireActor(actor);
  const memberships = await listMemberships(a.id);
  const viewerTeams = new Set(memberships.filter((m) => roleCan(m.role, 'team.share')).map((m) => m.teamId));
  const role = access?.role ?? null;
  return {
    ...summaryOf(benchmark),
    leaderboard: await leaderboardOf(benchmark, await listActiveEntries(benchmark.id), viewerTeams),
    viewer: {
      member: access !== null,
      canWithdraw: role !== null && roleCan(role, 'team.publish') && benchmark.withdrawnAt === null,
      canVerify: role !== null && roleCan(role, 'team.verify'),
      canShare: role !== null && roleCan(role, 'team.share') && benchmark.withdrawnAt === null,
    },
  };
}

/** A benchmark as its share link shows it to anyone: no ids of teams, scenarios or entries, nothing to act on. */
export interface SharedBenchmark {
  kind: 'benchmark';
  name: string;
  description: string;
  teamName: string;
  scenario: Omit<BenchmarkSummary['scenario'], 'id'>;
  recipe: BenchmarkRecipe;
  publishedAt: Date;
  leaderboard: Leaderboard;
  expiresAt: Date | null;
}

/** The benchmark behind a share link (the token authorized it); a withdrawn one is gone. */
export async function sharedBenchmarkSnapshot(benchmarkId: string, expiresAt: Date | null, gone: string): Promise<SharedBenchmark> {
  const benchmark = await findBenchmark(benchmarkId);
  if (!benchmark || benchmark.withdrawnAt) throw new AppError('not_found', gone);
  const leaderboard = await leaderboardOf(benchmark, await listActiveEntries(benchmark.id), new Set());
  const entryAliases = new Map<string, string>();
  const { id: _scenarioId, ...scenario } = summaryOf(benchmark).scenario;
  return {
    kind: 'benchmark',
    name: benchmark.name,
    description: benchmark.description,
    teamName: benchmark.teamName,
    scenario,
    recipe: benchmark.recipe,
    publishedAt: benchmark.publishedAt,
    leaderboard: {
      ...leaderboard,
      lines: leaderboard.lines.map((l) => {
        if (!entryAliases.has(l.entryId)) entryAliases.set(l.entryId, `entry-${entryAliases.size + 1}`);
        return { ...l, entryId: entryAliases.get(l.entryId) ?? '', mine: false };
      }),
    },
    expiresAt,
  };
}

/* ------------------------------------------------------------------ entries */

/**
 * What the viewer can enter with: their teams' studies on the benchmark's scenario not on its
 * leaderboard yet (in teams where they may share; external ones first), how many are on it
 * already, and the teams where they may create an external study on it (researchers and owners).
 */
export async function entryOptions(
  actor: Actor | null,
  benchmarkId: string,
): Promise<{ studies: Array<{ id: string; name: string; teamId: string; teamName: string; external: boolean }>; entered: number; teams: Array<{ id: string; name: string }> }> {
  const { benchmark } = await readableBenchmark(actor, benchmarkId);
  const memberships = await listMemberships(requireActor(actor).id);
  const sharing = memberships.filter((m) => roleCan(m.role, 'team.share')).map((m) => m.teamId);
  const entered = new Set((await listActiveEntries(benchmark.id)).map((e) => e.studyId));
  const all = await studiesOnScenario(benchmark.scenarioId, sharing);
  const studies = all.filter((s) => !entered.has(s.id));
  return {
    entered: all.length - studies.length,
    studies: [...studies.filter((s) => s.external), ...studies.filter((s) => !s.external)],
    teams: benchmark.withdrawnAt ? [] : memberships.filter((m) => roleCan(m.role, 'team.run')).map((m) => ({ id: m.teamId, name: m.teamName })),
  };
}

/** The benchmarks of one of the team's scenarios (its scenario page), withdrawn ones too. */
export async function scenarioBenchmarks(actor: Actor | null, teamId: string, scenarioId: string): Promise<Array<{ id: string; name: string; withdrawnAt: Date | null }>> {
  await authorizeTeam(actor, teamId, 'team.read');
  return (await benchmarksOfScenario(scenarioId)).filter((b) => b.teamId === teamId).map((b) => ({ id: b.id, name: b.name, withdrawnAt: b.withdrawnAt }));
}

/**
 * Submits one of the caller's team's studies (external, or a Lethe study with uploaded runs) on
 * the benchmark's scenario. Every method uploaded to it must have the recipe's seeds scored
 * (with their retrains). In one transaction: a share link of the study (audited, listed with
 * the team's other links), the entry, and its audit event.
 */
export async function submitEntry(actor: Actor | null, benchmarkId: string, studyId: string, ip: string | null = null): Promise<{ entryId: string; lines: LeaderboardLine[] }> {
  const { benchmark } = await readableBenchmark(actor, benchmarkId);
  if (benchmark.withdrawnAt) throw new AppError('conflict', 'This benchmark was withdrawn; it takes no entries.');
  const study = isUuid(studyId) ? await findStudy(studyId) : undefined;
  if (!study) throw new AppError('not_found', 'Study was not found.', { field: 'studyId' });
  // Submitting publishes the study read-only to every viewer of the benchmark: that is sharing.
  const access = await authorizeTeam(actor, study.teamId, 'team.share', 'Study');
  if (study.scenarioId !== benchmark.scenarioId) {
    throw new AppError('validation', `studyId: "${study.name}" is on another scenario; entries to this benchmark are studies on its scenario "${benchmark.scenarioName}" (create an external study on it, then upload your runs).`, { field: 'studyId' });
  }
  const scenario = await findScenario(benchmark.scenarioId);
  if (!scenario || study.datasetVersionId !== scenario.datasetVersionId) {
    throw new AppError('validation', `studyId: "${study.name}" uses another version of the dataset than the benchmark (${benchmark.datasetName} v${benchmark.datasetVersion}).`, { field: 'studyId' });
  }
  const lines = await entryLines(benchmark, await datasetOfBenchmark(benchmark), study.id);
  if (!lines.length) {
    throw new AppError('validation', `studyId: "${study.name}" has no uploaded method runs. Upload your retrain and unlearned models' outputs (POST /api/v1/studies/{id}/external-runs) for the recipe's ${seedList(benchmark.recipe.seeds)} first.`, { field: 'studyId' });
  }
  const incomplete = lines.filter((l) => l.missingSeeds.length);
  if (incomplete.length) {
    throw new AppError('validation', `studyId: the recipe needs ${seedList(benchmark.recipe.seeds)} scored; ${incomplete.map((l) => `${l.method} lacks ${seedList(l.missingSeeds)}`).join('; ')} (an unlearned run and the retrain of each seed).`, {
      field: 'studyId',
      missing: incomplete.map((l) => ({ method: l.method, seeds: l.missingSeeds })),
    });
  }
  const token = newSecret(SHARE_PREFIX);
  let entryId: string;
  try {
    entryId = await inTransaction('submit benchmark entry', async (tx) => {
      if ((await countActiveShareLinks(tx, 'study', study.id, new Date())) >= SHARE_LINKS_PER_TARGET) {
        throw new AppError('conflict', `"${study.name}" already has ${SHARE_LINKS_PER_TARGET} working share links, the most allowed; an entry needs one more. Revoke one you no longer need first.`, { limit: SHARE_LINKS_PER_TARGET });
      }
      const link = await insertShareLink(tx, { teamId: study.teamId, targetType: 'study', targetId: study.id, tokenHash: hashSecret(token), createdBy: access.actor.id, expiresAt: null });
      await recordAudit({ action: 'share.created', teamId: study.teamId, actorId: access.actor.id, targetType: 'study', targetId: study.id, details: { shareLinkId: link.id, expiresAt: null, benchmarkId: benchmark.id }, ip }, tx);
      const entry = await insertEntry(tx, { benchmarkId: benchmark.id, teamId: study.teamId, studyId: study.id, shareLinkId: link.id, shareToken: token, submittedBy: access.actor.id });
      await recordAudit(
        { action: 'benchmark.entry_submitted', teamId: study.teamId, actorId: access.actor.id, targetType: 'study', targetId: study.id, details: { entryId: entry.id, benchmarkId: benchmark.id, benchmark: benchmark.name, name: study.name }, ip },
        tx,
      );
      return entry.id;
    });
  } catch (err) {
    if (err instanceof DbError && err.kind === 'unique_violation') throw new AppError('conflict', `"${study.name}" is already on this leaderboard.`, { field: 'studyId' });
    throw err;
  }
  const view = await getBenchmark(actor, benchmark.id);
  return { entryId, lines: view.leaderboard.lines.filter((l) => l.entryId === entryId) };
}

async function entryAndBenchmark(actor: Actor | null, benchmarkId: string, entryId: string): Promise<{ entry: EntryRow; benchmark: BenchmarkRow }> {
  requireActor(actor);
  const entry = isUuid(entryId) ? await findEntry(entryId) : undefined;
  if (!entry || entry.benchmarkId !== benchmarkId) throw new AppError('not_found', 'Entry was not found.');
  const { benchmark } = await readableBenchmark(actor, entry.benchmarkId);
  if (entry.withdrawnAt) throw new AppError('conflict', 'This entry was already withdrawn.');
  return { entry, benchmark };
}

/** Withdraws an entry (its submitting team): off the leaderboard, and its share link revoked. */
export async function withdrawEntry(actor: Actor | null, benchmarkId: string, entryId: string, ip: string | null = null): Promise<{ withdrawn: true }> {
  const { entry, benchmark } = await entryAndBenchmark(actor, benchmarkId, entryId);
  const access = await authorizeVisibleTeamAction(actor, entry.teamId, 'team.share', `Only owners and researchers of ${entry.teamName}, which submitted this entry, may withdraw it.`);
  await inTransaction('withdraw benchmark entry', async (tx) => {
    const row = await withdrawEntryRow(tx, entry.id, access.actor.id);
    if (!row) throw new AppError('conflict', 'This entry was already withdrawn.');
    if (entry.shareLinkId && (await revokeShareLinkRow(tx, entry.shareLinkId))) {
      await recordAudit({ action: 'share.revoked', teamId: entry.teamId, actorId: access.actor.id, targetType: 'study', targetId: entry.studyId, details: { shareLinkId: entry.shareLinkId, expiresAt: null, benchmarkId: benchmark.id }, ip }, tx);
    }
    await recordAudit({ action: 'benchmark.entry_withdrawn', teamId: entry.teamId, actorId: access.actor.id, targetType: 'study', targetId: entry.studyId, details: { entryId: entry.id, benchmarkId: benchmark.id, benchmark: benchmark.name, name: entry.studyName }, ip }, tx);
  });
  return { withdrawn: true };
}

/** Marks an entry verified or not (owners and reviewers of the benchmark's team). */
export async function verifyEntry(actor: Actor | null, benchmarkId: string, entryId: string, verified: boolean): Promise<{ verified: boolean }> {
  const { entry, benchmark } = await entryAndBenchmark(actor, benchmarkId, entryId);
  const access = await authorizeVisibleTeamAction(actor, benchmark.teamId, 'team.verify', `Only owners and reviewers of ${benchmark.teamName}, which published this benchmark, may verify its entries.`);
  await inTransaction('verify benchmark entry', async (tx) => {
    const row = await setEntryVerified(tx, entry.id, verified, access.actor.id);
    if (!row) throw new AppError('conflict', 'This entry was withdrawn meanwhile.');
    await recordAudit(
      { action: verified ? 'benchmark.entry_verified' : 'benchmark.entry_unverified', teamId: benchmark.teamId, actorId: access.actor.id, targetType: 'benchmark', targetId: benchmark.id, details: { entryId: entry.id, team: entry.teamName, name: entry.studyName } },
      tx,
    );
  });
  return { verified };
}
