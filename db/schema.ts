/**
 * The drizzle schema: the one definition of every table, shared by PGlite and Postgres.
 * Migrations in drizzle/ are generated from it (`npm run db:generate`).
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  index,
  integer,
  primaryKey,
  real,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const TEAM_ROLES = ['owner', 'researcher', 'reviewer'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    isAdmin: boolean('is_admin').notNull().default(false),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_email_unique').on(sql`lower(${t.email})`)],
);

export const teams = pgTable('teams', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const teamMembers = pgTable(
  'team_members',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: TEAM_ROLES }).notNull(),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('team_members_pk').on(t.teamId, t.userId), index('team_members_user').on(t.userId)],
);

export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role', { enum: TEAM_ROLES }).notNull(),
    /** sha256 of the single-use token; the token itself is only ever shown to the inviter. */
    tokenHash: text('token_hash').notNull(),
    invitedBy: uuid('invited_by')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedBy: uuid('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** An open link: whoever holds it may join. Otherwise only the invited address may accept. */
    open: boolean('open').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('invitations_token_hash').on(t.tokenHash), index('invitations_team').on(t.teamId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** First characters of the token, shown in lists so people can tell tokens apart. */
    prefix: text('prefix').notNull(),
    tokenHash: text('token_hash').notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('api_tokens_hash').on(t.tokenHash), index('api_tokens_user').on(t.userId)],
);

/** Security-relevant events. teamId is null for site-wide events (sign-in failures, admin actions). */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    ip: text('ip'),
    createdAt: createdAt(),
  },
  (t) => [index('audit_events_team_time').on(t.teamId, t.createdAt), index('audit_events_time').on(t.createdAt)],
);

/**
 * Sign-in throttling state, one row per account (`account:<email>`) and per client address
 * (`address:<ip>`). Rows are locked (SELECT ... FOR UPDATE) while an attempt is admitted, so
 * parallel attempts are counted one after another, never past the limit.
 */
export const signInThrottles = pgTable('sign_in_throttles', {
  key: text('key').primaryKey(),
  /** Attempts counted against the key: consecutive for an account, in the window for an address. */
  failures: integer('failures').notNull().default(0),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
  blockedUntil: timestamp('blocked_until', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * Browser sessions. The session cookie (an Auth.js JWT) names a row here; every request checks
 * it, so signing out, "sign out everywhere" and a password change end sessions at once.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    /** Slides forward with use (idle timeout), never past createdAt + the absolute lifetime. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/** Binary column: PGlite returns Uint8Array, postgres.js a Buffer (a Uint8Array too). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (value instanceof Uint8Array ? value : new Uint8Array(value as ArrayBuffer)),
});

export const DATASET_KINDS = ['tabular', 'image'] as const;
export const DATASET_FORMATS = ['csv', 'idx', 'zip'] as const;

export const datasets = pgTable(
  'datasets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    kind: text('kind', { enum: DATASET_KINDS }).notNull(),
    /** Marks a clearly labelled demo or generated dataset. */
    origin: text('origin').notNull().default('upload'),
    latestVersion: integer('latest_version').notNull().default(1),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('datasets_team_name').on(t.teamId, sql`lower(${t.name})`), index('datasets_team').on(t.teamId)],
);

/** The uploaded files as received (gzip-compressed when they were not), kept to re-ingest with a new schema. */
export const datasetSources = pgTable('dataset_sources', {
  id: uuid('id').primaryKey().defaultRandom(),
  datasetId: uuid('dataset_id')
    .notNull()
    .references(() => datasets.id, { onDelete: 'cascade' }),
  format: text('format', { enum: DATASET_FORMATS }).notNull(),
  /** One entry per file: its role (file, images, labels, testImages, testLabels), name, sizes and chunk range. */
  files: jsonb('files').$type<StoredSourceFile[]>().notNull(),
  byteLength: integer('byte_length').notNull(),
  createdAt: createdAt(),
});

export interface StoredSourceFile {
  role: string;
  name: string;
  /** Bytes as uploaded. */
  bytes: number;
  /** Whether Lethe gzip-compressed it for storage (true unless it was already gzip). */
  gzipped: boolean;
  firstChunk: number;
  chunkCount: number;
}

export const datasetSourceChunks = pgTable(
  'dataset_source_chunks',
  {
    sourceId: uuid('source_id')
      .notNull()
      .references(() => datasetSources.id, { onDelete: 'cascade' }),
    index: integer('index').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.index] })],
);

export const datasetVersions = pgTable(
  'dataset_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => datasets.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => datasetSources.id, { onDelete: 'no action' }),
    /** The ingest options that produced this version from its source (schema choices, split). */
    options: jsonb('options').$type<Record<string, unknown>>().notNull(),
    /** What changed against the previous version, in words. */
    note: text('note').notNull().default(''),
    hash: text('hash').notNull(),
    kind: text('kind', { enum: DATASET_KINDS }).notNull(),
    rowCount: integer('row_count').notNull(),
    featureCount: integer('feature_count').notNull(),
    classNames: jsonb('class_names').$type<string[]>().notNull(),
    schema: jsonb('schema').$type<unknown[]>().notNull(),
    stats: jsonb('stats').$type<Record<string, unknown>>().notNull(),
    /** The storage codec's header: how the chunks decode into arrays. */
    storage: jsonb('storage').$type<Record<string, unknown>>().notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('dataset_versions_number').on(t.datasetId, t.version), index('dataset_versions_hash').on(t.hash)],
);

export const datasetChunks = pgTable(
  'dataset_chunks',
  {
    versionId: uuid('version_id')
      .notNull()
      .references(() => datasetVersions.id, { onDelete: 'cascade' }),
    index: integer('index').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.index] })],
);

export const SCENARIO_CATEGORIES = ['security', 'privacy', 'usability', 'fidelity'] as const;

/** A deletion request over one dataset version; immutable once a study uses it (lockedAt). */
export const scenarios = pgTable(
  'scenarios',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => datasets.id, { onDelete: 'cascade' }),
    datasetVersionId: uuid('dataset_version_id')
      .notNull()
      .references(() => datasetVersions.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    category: text('category', { enum: SCENARIO_CATEGORIES }).notNull(),
    /** The validated scenario spec (selector, injection, requests, seed). */
    spec: jsonb('spec').$type<Record<string, unknown>>().notNull(),
    forgetCount: integer('forget_count').notNull(),
    trainCount: integer('train_count').notNull(),
    forgetSetHash: text('forget_set_hash').notNull(),
    /** The preview at save time (composition, subjects, request sizes), for lists and reports. */
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull(),
    duplicatedFrom: uuid('duplicated_from'),
    lockedAt: timestamp('locked_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('scenarios_dataset').on(t.datasetId), index('scenarios_team').on(t.teamId)],
);

export const RUN_KINDS = ['original', 'retrain', 'unlearned'] as const;
export const RUN_STATUSES = ['waiting', 'queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const REVIEW_STATUSES = ['none', 'in_review', 'approved', 'changes_requested'] as const;

/** An experiment: dataset version + scenario + model spec + recipe + seeds + methods. */
/** A method configuration of a study; a grid point of a hyperparameter sweep carries its sweep group, point and values. */
export interface StudyMethod {
  methodId: string;
  config: Record<string, unknown>;
  sweep?: { group: number; point: number; setting: Record<string, number> };
}

/** The validation split a sweeping study chooses on: its fraction, row count and the hash of its rows. */
export interface StudyValidation {
  fraction: number;
  rows: number;
  hash: string;
}

export const studies = pgTable(
  'studies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    scenarioId: uuid('scenario_id')
      .notNull()
      .references(() => scenarios.id, { onDelete: 'no action' }),
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => datasets.id, { onDelete: 'no action' }),
    datasetVersionId: uuid('dataset_version_id')
      .notNull()
      .references(() => datasetVersions.id, { onDelete: 'no action' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    modelSpec: jsonb('model_spec').$type<Record<string, unknown>>().notNull(),
    recipe: jsonb('recipe').$type<Record<string, unknown>>().notNull(),
    seeds: jsonb('seeds').$type<number[]>().notNull(),
    /** The methods compared, each with its validated config. Retrain is always part of a study. */
    /** A method configuration that is a point of a hyperparameter sweep carries its tag (lib/studies/sweep-grid). */
    methods: jsonb('methods').$type<StudyMethod[]>().notNull(),
    /** A sweeping study's validation split (lib/studies/validation-split): what carves the same rows again. */
    validation: jsonb('validation').$type<StudyValidation>(),
    /** Results across runs computed when every run has ended (distinguishability over seeds). */
    summary: jsonb('summary').$type<Record<string, unknown>>(),
    reviewStatus: text('review_status', { enum: REVIEW_STATUSES }).notNull().default('none'),
    /** Who is asked to review while the status is "in review" (null: anyone; cleared by any other status). */
    reviewAssignee: uuid('review_assignee').references(() => users.id, { onDelete: 'set null' }),
    reproducedFrom: uuid('reproduced_from'),
    /**
     * An external study: no methods or training queued, its runs are uploaded outputs
     * (lib/studies/external-runs.ts); `description` says what model the group trained.
     */
    external: boolean('external').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('studies_team').on(t.teamId, t.createdAt),
    index('studies_scenario').on(t.scenarioId),
    index('studies_dataset').on(t.datasetId),
    // The "waiting for your review" queue: a member's assigned studies.
    index('studies_review_assignee').on(t.reviewAssignee),
  ],
);

/** One model a study produces, and the job that produces it. */
/** One attempt of a run that did not finish, and how. */
export interface RunFailure {
  attempt: number;
  fingerprint: string;
  at: string;
}

/**
 * What an unlearned external run was scored against: the group's own uploaded retrain of its
 * seed, or Lethe's retrain of that seed (a mixed study, an ONNX model whose graph matched the
 * study's spec; the recipe is the uploader's declaration, which Lethe cannot check).
 */
export type ExternalReference =
  | { kind: 'own-retrain'; runId: string; seed: number; requestIndex: number }
  | { kind: 'lethe-retrain'; runId: string; seed: number; requestIndex: number; specChecked: true; recipeDeclared: true };

/** Who uploaded an external run's outputs, what they were, and where the code that made them lives. */
export interface ExternalProvenance {
  uploadedBy: { id: string; name: string; email: string } | null;
  uploadedAt: string;
  method: string;
  description: string;
  codeUrl: string | null;
  /** Wall-clock seconds the group reports for producing this model, if given. */
  seconds: number | null;
  /** SHA-256 (hex) of each uploaded file, by part name. */
  files: Record<string, { sha256: string; bytes: number; dtype: string; shape: number[] }>;
  /** An unlearned run's reference; absent on originals and retrains, and on runs uploaded before the choice existed (their own retrain). */
  reference?: ExternalReference;
}

export const runs = pgTable(
  'runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    studyId: uuid('study_id')
      .notNull()
      .references(() => studies.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: RUN_KINDS }).notNull(),
    /** How the original was trained: 'standard', or the method family that needs its own ('sisa', 'certified'). */
    variant: text('variant').notNull().default('standard'),
    methodId: text('method_id'),
    methodConfig: jsonb('method_config').$type<Record<string, unknown>>(),
    seed: integer('seed').notNull(),
    /** Index of the sequential deletion request (0 for a single request). */
    requestIndex: integer('request_index').notNull().default(0),
    /** Runs whose results this one needs (original and retrain of its seed, the previous request). */
    dependsOn: jsonb('depends_on').$type<string[]>().notNull().default([]),
    /** Hash of everything that determines the trained model; equal hashes may reuse a model. */
    inputHash: text('input_hash').notNull(),
    reusedFromRunId: uuid('reused_from_run_id'),
    status: text('status', { enum: RUN_STATUSES }).notNull().default('waiting'),
    phase: text('phase').notNull().default(''),
    progress: real('progress').notNull().default(0),
    /** Live detail for the UI: epoch k of n, recent losses. */
    progressDetail: jsonb('progress_detail').$type<Record<string, unknown>>().notNull().default({}),
    attempt: integer('attempt').notNull().default(0),
    workerId: text('worker_id'),
    error: text('error'),
    log: jsonb('log').$type<Array<{ at: string; message: string }>>().notNull().default([]),
    /** How earlier attempts ended when they did not finish ("the worker stopped during training"): a run that fails the same way twice is not retried. */
    failures: jsonb('failures').$type<RunFailure[]>().notNull().default([]),
    manifest: jsonb('manifest').$type<Record<string, unknown>>(),
    metrics: jsonb('metrics').$type<Record<string, unknown>>(),
    /** Provenance of an external run (outputs uploaded, not computed here); null for Lethe's own runs. */
    external: jsonb('external').$type<ExternalProvenance>(),
    queuedAt: timestamp('queued_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('runs_study').on(t.studyId),
    index('runs_team_status').on(t.teamId, t.status),
    index('runs_input_hash').on(t.inputHash, t.status),
  ],
);

/** Large results of a run (weights, per-example scores, curves), one row per key: rewriting is idempotent. */
export const runArtifacts = pgTable(
  'run_artifacts',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    data: bytea('data').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.key] })],
);

/** Worker processes that take jobs; each reports itself while alive. */
export const workers = pgTable('workers', {
  id: text('id').primaryKey(),
  host: text('host').notNull(),
  pid: integer('pid').notNull(),
  concurrency: integer('concurrency').notNull(),
  backend: text('backend'),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A saved selection of runs (from any studies on one dataset), shareable read-only. */
export const comparisons = pgTable(
  'comparisons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => datasets.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    runIds: jsonb('run_ids').$type<string[]>().notNull(),
    baselineRunId: uuid('baseline_run_id'),
    /** The view (columns, sort, toggles) as it was saved; the URL carries the live view. */
    viewState: jsonb('view_state').$type<Record<string, unknown>>().notNull().default({}),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('comparisons_team').on(t.teamId)],
);

export const COMMENT_TARGETS = ['study', 'run', 'comparison'] as const;

export const comments = pgTable(
  'comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    targetType: text('target_type', { enum: COMMENT_TARGETS }).notNull(),
    targetId: uuid('target_id').notNull(),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('comments_target').on(t.targetType, t.targetId, t.createdAt)],
);

/** Every review status a study went through, who set it and why. */
export const reviewEvents = pgTable(
  'review_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    studyId: uuid('study_id')
      .notNull()
      .references(() => studies.id, { onDelete: 'cascade' }),
    status: text('status', { enum: REVIEW_STATUSES }).notNull(),
    note: text('note').notNull().default(''),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    /** For "in review": who was asked to review, kept in the history. */
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('review_events_study').on(t.studyId, t.createdAt)],
);

export const SHARE_TARGETS = ['study', 'comparison', 'benchmark'] as const;

/** A read-only link to exactly one study, comparison or benchmark; the token is stored only as a hash. */
export const shareLinks = pgTable(
  'share_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    targetType: text('target_type', { enum: SHARE_TARGETS }).notNull(),
    targetId: uuid('target_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('share_links_token').on(t.tokenHash), index('share_links_target').on(t.targetType, t.targetId)],
);

/**
 * A benchmark's evaluation recipe, fixed when it is published (lib/benchmarks/recipe.ts
 * validates it): the seeds every entry must have scored, the metrics the leaderboard shows and
 * the one it ranks by.
 */
export interface BenchmarkRecipe {
  seeds: number[];
  metrics: string[];
  /** Which way the criterion is better (lib/benchmarks/recipe BENCHMARK_DIRECTIONS). */
  criterion: { metric: string; direction: 'lower' | 'higher' };
}

/**
 * A scenario a team published for every signed-in user: its package and a fixed recipe. Never
 * edited; withdrawing it (withdrawnAt) hides it from everyone outside the team.
 */
export const benchmarks = pgTable(
  'benchmarks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    scenarioId: uuid('scenario_id')
      .notNull()
      .references(() => scenarios.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    recipe: jsonb('recipe').$type<BenchmarkRecipe>().notNull(),
    publishedBy: uuid('published_by').references(() => users.id, { onDelete: 'set null' }),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawnBy: uuid('withdrawn_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('benchmarks_scenario').on(t.scenarioId), index('benchmarks_team').on(t.teamId)],
);

/**
 * One external study a team submitted to a benchmark. Its dashboard is public to whoever sees
 * the benchmark through a share link of the study made at submission (revoked on withdrawal).
 * Unlike other share links, its token is kept here: the leaderboard must show the link to
 * every viewer, so it is no secret of the submitting team once submitted.
 */
export const benchmarkEntries = pgTable(
  'benchmark_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    benchmarkId: uuid('benchmark_id')
      .notNull()
      .references(() => benchmarks.id, { onDelete: 'cascade' }),
    /** The submitting team (the study's). */
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    studyId: uuid('study_id')
      .notNull()
      .references(() => studies.id, { onDelete: 'cascade' }),
    shareLinkId: uuid('share_link_id').references(() => shareLinks.id, { onDelete: 'set null' }),
    shareToken: text('share_token'),
    submittedBy: uuid('submitted_by').references(() => users.id, { onDelete: 'set null' }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawnBy: uuid('withdrawn_by').references(() => users.id, { onDelete: 'set null' }),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    verifiedBy: uuid('verified_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('benchmark_entries_benchmark').on(t.benchmarkId),
    // A study is on a benchmark's leaderboard at most once at a time.
    uniqueIndex('benchmark_entries_active_study').on(t.benchmarkId, t.studyId).where(sql`${t.withdrawnAt} is null`),
  ],
);

export type User = typeof users.$inferSelect;
export type Team = typeof teams.$inferSelect;
export type TeamMember = typeof teamMembers.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type SignInThrottle = typeof signInThrottles.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type Dataset = typeof datasets.$inferSelect;
export type DatasetVersion = typeof datasetVersions.$inferSelect;
export type DatasetSource = typeof datasetSources.$inferSelect;
export type Scenario = typeof scenarios.$inferSelect;
export type Study = typeof studies.$inferSelect;
export type Run = typeof runs.$inferSelect;
export type Worker = typeof workers.$inferSelect;
export type Comparison = typeof comparisons.$inferSelect;
export type Comment = typeof comments.$inferSelect;
export type ReviewEvent = typeof reviewEvents.$inferSelect;
export type ShareLink = typeof shareLinks.$inferSelect;
export type Benchmark = typeof benchmarks.$inferSelect;
export type BenchmarkEntry = typeof benchmarkEntries.$inferSelect;
