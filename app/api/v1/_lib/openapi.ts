/**
 * The OpenAPI description of /api/v1, built from the same zod schemas the routes validate with.
 * A test checks that every route.ts under app/api/v1 is described here.
 */
import { z } from 'zod';
import { acceptInvitationSchema } from '../invitations/accept/schema';
import { adminUserPatchSchema } from '../admin/users/[userId]/schema';
import { tokenRequestSchema } from '../auth/token/schema';
import { changeRoleBodySchema } from '../teams/[teamId]/members/[userId]/schema';
import { createTeamSchema } from '../teams/schema';
import { createTokenSchema } from '../tokens/schema';
import { inviteSchema } from '@/lib/auth/teams';
import { datasetPatchSchema, newVersionSchema } from '@/lib/datasets/service';
import { uploadOptionsSchema } from '@/lib/datasets/upload-options';
import { scenarioMetaSchema } from '@/lib/datasets/scenarios';
import { studyInputSchema } from '@/lib/studies/input';
import { externalRunOptionsSchema, externalStudyInputSchema } from '@/lib/studies/external-input';
import { comparisonInputSchema, comparisonPatchSchema } from '@/lib/results/comparisons-service';
import { predicateSchema, scenarioSpecSchema, selectorSchema } from '@/lib/scenarios/spec';
import { duplicateScenarioSchema } from '../scenarios/[scenarioId]/duplicate/schema';
import { commentSchema } from '../comments/schema';
import { reviewSchema } from '../studies/[studyId]/review/schema';
import { createShareLinkSchema } from '../teams/[teamId]/share-links/schema';
import { publishBenchmarkSchema } from '@/lib/benchmarks/recipe';
import {
  benchmarkListResponseSchema,
  benchmarkResponseSchema,
  benchmarkViewResponseSchema,
  entrySubmittedResponseSchema,
  entryVerifiedResponseSchema,
  entryWithdrawnResponseSchema,
} from '@/lib/benchmarks/response-schemas';
import { submitEntrySchema, verifyEntrySchema } from '../benchmarks/[benchmarkId]/entries/schema';
import { DEFAULT_JSON_LIMIT, SCENARIO_JSON_LIMIT } from './request-body';
import { auditLogResponseSchema } from '../admin/audit/schema';
import { usersResponseSchema } from '../admin/users/schema';
import { userChangedResponseSchema } from '../admin/users/[userId]/schema';
import { commentCreatedResponseSchema } from '../comments/schema';
import { comparisonWithResultsResponseSchema } from '../comparisons/[comparisonId]/schema';
import { scenarioListResponseSchema } from '../datasets/[datasetId]/scenarios/schema';
import { versionsResponseSchema } from '../datasets/[datasetId]/versions/schema';
import { invitationAcceptedResponseSchema } from '../invitations/accept/schema';
import { meResponseSchema } from '../me/schema';
import { methodsResponseSchema } from '../methods/schema';
import { runDetailResponseSchema } from '../runs/[runId]/schema';
import { runsRetriedResponseSchema } from '../runs/[runId]/retry/schema';
import { shareLinkRevokedResponseSchema } from '../share-links/[linkId]/schema';
import { sharedResponseSchema } from '../shared/[token]/schema';
import { studyCancelledResponseSchema } from '../studies/[studyId]/cancel/schema';
import { runsTableResponseSchema } from '../studies/[studyId]/runs-table/schema';
import { teamListResponseSchema, teamWithRoleSchema } from '../teams/schema';
import { comparisonListResponseSchema } from '../teams/[teamId]/comparisons/schema';
import { candidatesResponseSchema } from '../teams/[teamId]/comparisons/candidates/schema';
import { datasetListResponseSchema } from '../teams/[teamId]/datasets/schema';
import { invitationCreatedResponseSchema, invitationsResponseSchema } from '../teams/[teamId]/invitations/schema';
import { jobsResponseSchema } from '../teams/[teamId]/jobs/schema';
import { membersResponseSchema } from '../teams/[teamId]/members/schema';
import { roleChangedResponseSchema } from '../teams/[teamId]/members/[userId]/schema';
import { shareLinkCreatedResponseSchema, shareLinkListResponseSchema } from '../teams/[teamId]/share-links/schema';
import { studyCreatedResponseSchema, studyListResponseSchema } from '../teams/[teamId]/studies/schema';
import { tokenCreatedResponseSchema, tokenListResponseSchema } from '../tokens/schema';
import {
  csvPreviewSchema,
  datasetCreatedSchema,
  datasetDetailSchema,
  datasetRowsPageSchema,
  datasetSchema,
  scenarioCreatedSchema,
  scenarioDetailSchema,
  scenarioPreviewSchema,
  scenarioUpdatedSchema,
  scenarioViewSchema,
  versionSummarySchema,
  datasetListRowSchema,
} from '@/lib/datasets/response-schemas';
import {
  comparisonViewSchema,
  forgetExamplesSchema,
  headlineSchema,
  resultsDataSchema,
  resultsExportSchema,
  resultsTableSchema,
  runDistributionsSchema,
  statSchema,
  studyVerdictSchema,
} from '@/lib/results/results-schema';
import { commentThreadSchema, commentViewSchema, reviewStateSchema, shareLinkViewSchema, sharedViewSchema } from '@/lib/reviews/review-schemas';
import { externalProvenanceSchema, runViewSchema, studyPlanSchema, studyViewSchema } from '@/lib/studies/view-schemas';
import { jsonObject } from '@/lib/wire';

type Method = 'get' | 'post' | 'patch' | 'delete' | 'put';

/** Success answers that are not JSON: files and streams, described as text or bytes. */
const MEDIA = {
  'text/csv': { type: 'string' },
  'application/zip': { type: 'string', format: 'binary' },
  'image/png': { type: 'string', format: 'binary' },
  'text/event-stream': { type: 'string' },
  'application/x-ndjson': { type: 'string' },
} as const;

type Media = keyof typeof MEDIA;

export interface RouteDoc {
  method: Method;
  path: string;
  summary: string;
  /** false for the few routes that work without a token. */
  auth?: boolean;
  body?: z.ZodType;
  /** Non-JSON bodies (multipart uploads) are described by hand. */
  rawBody?: Record<string, unknown>;
  /** The JSON body limit the route reads with (request-body.ts): 1 MB unless it needs more. */
  bodyLimit?: 'json' | 'scenario';
  /**
   * The JSON body of the success answer: the schema the route answers through respond() (or
   * progressResponse) with, so the compiler holds the route to it. Absent only for 204 and for
   * routes whose answers are all files or streams (`media`).
   */
  response?: z.ZodType;
  /** Non-JSON success answers, besides or instead of `response` (CSV/ZIP/PNG files, SSE, NDJSON progress). */
  media?: Media[];
  /** The success status; several when the answer differs (an edit saved as a new scenario is 201). */
  success: number | number[];
  tag: string;
}

/** What GET /api/v1/openapi.json answers (its paths and schemas are JSON Schema, not described further). */
export const openApiDocumentSchema = z.object({
  openapi: z.literal('3.1.0'),
  info: z.object({ title: z.string(), version: z.string(), description: z.string() }),
  security: z.array(z.record(z.string(), z.array(z.string()))),
  components: z.object({ securitySchemes: jsonObject, schemas: z.record(z.string(), jsonObject) }),
  paths: z.record(z.string(), z.record(z.string(), jsonObject)),
});

export type OpenApiDocument = z.output<typeof openApiDocumentSchema>;

/** A multipart body as the upload routes read it: an "options" JSON part first, then file parts. */
function multipartBody(options: z.ZodType, files: string[]): Record<string, unknown> {
  const fileParts = Object.fromEntries(files.map((name) => [name, { type: 'string', format: 'binary' }]));
  // Embedded in the document, the part's schema carries no $schema of its own.
  const { $schema: _schema, ...optionsSchema } = z.toJSONSchema(options, { io: 'input', unrepresentable: 'any' });
  return {
    required: true,
    content: {
      'multipart/form-data': {
        schema: { type: 'object', required: ['options'], properties: { options: optionsSchema, ...fileParts } },
      },
    },
  };
}

/**
 * Every /api/v1 route; a route added without an entry here fails openapi.test.ts, and so does a
 * JSON route without its `response` schema. The pattern for a new JSON route: declare its answer
 * as a zod schema in the route's schema.ts (or beside the lib code that builds the body), answer
 * with `respond(schema, body)` (handler.ts), name the schema here, and call the route in
 * openapi-responses.test.ts, which validates the real answer against it.
 */
const ROUTES: RouteDoc[] = [
  { tag: 'auth', method: 'post', path: '/api/v1/auth/token', summary: 'Exchange email and password for a personal API token', auth: false, body: tokenRequestSchema, response: tokenCreatedResponseSchema, success: 201 },
  { tag: 'auth', method: 'get', path: '/api/v1/me', summary: 'The calling user and their teams with roles', response: meResponseSchema, success: 200 },
  { tag: 'auth', method: 'get', path: '/api/v1/tokens', summary: "List the caller's API tokens (never the secrets)", response: tokenListResponseSchema, success: 200 },
  { tag: 'auth', method: 'post', path: '/api/v1/tokens', summary: 'Create an API token; the secret is in this answer only', body: createTokenSchema, response: tokenCreatedResponseSchema, success: 201 },
  { tag: 'auth', method: 'delete', path: '/api/v1/tokens/{tokenId}', summary: 'Revoke an API token', success: 204 },
  { tag: 'teams', method: 'get', path: '/api/v1/teams', summary: "The caller's teams with roles", response: teamListResponseSchema, success: 200 },
  { tag: 'teams', method: 'post', path: '/api/v1/teams', summary: 'Create a team; the caller becomes its owner', body: createTeamSchema, response: teamWithRoleSchema, success: 201 },
  { tag: 'teams', method: 'get', path: '/api/v1/teams/{teamId}/members', summary: 'Members of a team with roles', response: membersResponseSchema, success: 200 },
  { tag: 'teams', method: 'patch', path: '/api/v1/teams/{teamId}/members/{userId}', summary: "Change a member's role (owner)", body: changeRoleBodySchema, response: roleChangedResponseSchema, success: 200 },
  { tag: 'teams', method: 'delete', path: '/api/v1/teams/{teamId}/members/{userId}', summary: 'Remove a member (owner) or leave (yourself)', success: 204 },
  { tag: 'teams', method: 'get', path: '/api/v1/teams/{teamId}/invitations', summary: 'Pending invitations (owner)', response: invitationsResponseSchema, success: 200 },
  { tag: 'teams', method: 'post', path: '/api/v1/teams/{teamId}/invitations', summary: 'Invite by email with a role; answers the single-use link (owner)', body: inviteSchema, response: invitationCreatedResponseSchema, success: 201 },
  { tag: 'teams', method: 'post', path: '/api/v1/invitations/accept', summary: 'Accept an invitation with its token', body: acceptInvitationSchema, response: invitationAcceptedResponseSchema, success: 200 },
  { tag: 'audit', method: 'get', path: '/api/v1/teams/{teamId}/audit', summary: "The team's audit log, newest first (owner)", response: auditLogResponseSchema, success: 200 },
  { tag: 'admin', method: 'get', path: '/api/v1/admin/users', summary: 'All users (admin)', response: usersResponseSchema, success: 200 },
  { tag: 'admin', method: 'patch', path: '/api/v1/admin/users/{userId}', summary: 'Disable, enable, make or remove admin (admin)', body: adminUserPatchSchema, response: userChangedResponseSchema, success: 200 },
  { tag: 'admin', method: 'get', path: '/api/v1/admin/audit', summary: 'The whole audit log (admin)', response: auditLogResponseSchema, success: 200 },
  { tag: 'datasets', method: 'get', path: '/api/v1/teams/{teamId}/datasets', summary: "The team's datasets with their latest version (?archived=include lists archived ones too)", response: datasetListResponseSchema, success: 200 },
  {
    tag: 'datasets',
    method: 'post',
    path: '/api/v1/teams/{teamId}/datasets',
    summary:
      'Upload a dataset (researcher). Multipart: an "options" JSON part first, then "file" (CSV/TSV or ZIP) or "images", "labels" and optionally "testImages", "testLabels" (IDX, plain or .gz). Answers 201 with id, version, row, feature and class counts. With "Accept: application/x-ndjson" it streams progress lines and ends with {"type":"done","status":201,"result":...} or {"type":"error",...}.',
    rawBody: multipartBody(uploadOptionsSchema, ['file', 'images', 'labels', 'testImages', 'testLabels']),
    response: datasetCreatedSchema,
    media: ['application/x-ndjson'],
    success: 201,
  },
  {
    tag: 'datasets',
    method: 'post',
    path: '/api/v1/teams/{teamId}/datasets/preview',
    summary: 'Schema step: send the first bytes (at most 1 MB) of a CSV; answers delimiter, header, first rows and inferred column types',
    rawBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
    response: csvPreviewSchema,
    success: 200,
  },
  { tag: 'datasets', method: 'get', path: '/api/v1/datasets/{datasetId}', summary: 'A dataset with its versions (schema, stats, split) and what depends on it', response: datasetDetailSchema, success: 200 },
  { tag: 'datasets', method: 'patch', path: '/api/v1/datasets/{datasetId}', summary: 'Rename, describe, archive or unarchive (researcher, or site admin)', body: datasetPatchSchema, response: datasetSchema, success: 200 },
  { tag: 'datasets', method: 'delete', path: '/api/v1/datasets/{datasetId}', summary: 'Delete with ?confirm=<exact name>; refused (409) while studies use it', success: 204 },
  { tag: 'datasets', method: 'get', path: '/api/v1/datasets/{datasetId}/versions', summary: 'All versions, newest first', response: versionsResponseSchema, success: 200 },
  {
    tag: 'datasets',
    method: 'post',
    path: '/api/v1/datasets/{datasetId}/versions',
    summary: 'New version: JSON with changed column choices or split re-ingests the stored source; multipart (options + files) replaces the data',
    body: newVersionSchema,
    response: datasetCreatedSchema,
    media: ['application/x-ndjson'],
    success: 201,
  },
  { tag: 'datasets', method: 'get', path: '/api/v1/datasets/{datasetId}/versions/{version}/rows', summary: 'A page of rows (?offset, ?limit at most 200), CSV-injection-safe cells', response: datasetRowsPageSchema, success: 200 },
  { tag: 'datasets', method: 'get', path: '/api/v1/datasets/{datasetId}/versions/{version}/images/{row}', summary: 'One image of an image dataset as PNG', media: ['image/png'], success: 200 },
  { tag: 'scenarios', method: 'get', path: '/api/v1/datasets/{datasetId}/scenarios', summary: "The dataset's scenarios", response: scenarioListResponseSchema, success: 200 },
  {
    tag: 'scenarios',
    method: 'post',
    path: '/api/v1/datasets/{datasetId}/scenarios',
    summary: 'Create a scenario (researcher): name, description, version (default latest) and the spec: category, seed, selector, injection, identifiedFraction, requests. Answers 201 with id, forget-set size and composition',
    body: z.intersection(scenarioMetaSchema, scenarioSpecSchema),
    bodyLimit: 'scenario',
    response: scenarioCreatedSchema,
    success: 201,
  },
  { tag: 'scenarios', method: 'post', path: '/api/v1/datasets/{datasetId}/scenarios/preview', summary: 'Preview a scenario without saving: sizes, class and group composition, subjects, poisoned samples', body: z.intersection(scenarioMetaSchema.partial(), scenarioSpecSchema), bodyLimit: 'scenario', response: scenarioPreviewSchema, success: 200 },
  { tag: 'scenarios', method: 'get', path: '/api/v1/scenarios/{scenarioId}', summary: 'A scenario with its spec, summary and category template', response: scenarioDetailSchema, success: 200 },
  { tag: 'scenarios', method: 'patch', path: '/api/v1/scenarios/{scenarioId}', summary: 'Edit; a scenario used by a study is immutable, so the edit becomes a new scenario (201, createdNew: true)', body: z.intersection(scenarioMetaSchema.partial(), z.record(z.string(), z.unknown())), bodyLimit: 'scenario', response: scenarioUpdatedSchema, success: [200, 201] },
  { tag: 'scenarios', method: 'delete', path: '/api/v1/scenarios/{scenarioId}', summary: 'Delete; refused (409) while a study uses it', success: 204 },
  { tag: 'scenarios', method: 'get', path: '/api/v1/scenarios/{scenarioId}/package', summary: 'The scenario package, a streamed ZIP: ?format=npy (default: x_train/x_test float32 encoded as Lethe\'s models see them, y_train/y_test and row_ids_train/row_ids_test int64, forget.npy and forget_<k>.npy per request as int64 positions into the training arrays) or csv (train.csv, test.csv, forget.csv); manifest.json last with class names, encoding, split seed, every file\'s shape, dtype and SHA-256, dataset version and forget-set hash (the scenario\'s team; any signed-in user while a benchmark publishes it)', media: ['application/zip'], success: 200 },
  { tag: 'scenarios', method: 'post', path: '/api/v1/scenarios/{scenarioId}/duplicate', summary: 'Copy a scenario (optionally with a new name)', body: duplicateScenarioSchema, response: scenarioCreatedSchema, success: 201 },
  { tag: 'studies', method: 'get', path: '/api/v1/methods', summary: 'The unlearning methods: description, citation, config JSON schema and defaults', response: methodsResponseSchema, success: 200 },
  { tag: 'studies', method: 'get', path: '/api/v1/teams/{teamId}/studies', summary: "The team's studies with run counts (?scenarioId, ?datasetId)", response: studyListResponseSchema, success: 200 },
  {
    tag: 'studies',
    method: 'post',
    path: '/api/v1/teams/{teamId}/studies',
    summary: 'Launch a study (researcher): scenario, model spec and recipe (defaults per dataset kind), seeds 1-32, methods with configs. Plans original and retrain runs per seed (and per request), one run per method, seed and request; reuses identical earlier originals and retrains. 201 with the study id and its runs. With "external": true (name, description of the group\'s model, scenarioId) an external study instead: nothing is trained, its runs are uploaded to …/external-runs; its scenario may be another team\'s while a benchmark publishes it',
    body: z.union([studyInputSchema, externalStudyInputSchema]),
    response: studyCreatedResponseSchema,
    success: 201,
  },
  { tag: 'studies', method: 'post', path: '/api/v1/teams/{teamId}/studies/plan', summary: 'Dry run of POST …/studies: run counts, reused runs and a time estimate on the current workers; stores nothing', body: studyInputSchema, response: studyPlanSchema, success: 200 },
  { tag: 'studies', method: 'get', path: '/api/v1/studies/{studyId}', summary: 'A study: status, runs with progress, metrics, summary across seeds', response: studyViewSchema, success: 200 },
  {
    tag: 'studies',
    method: 'post',
    path: '/api/v1/studies/{studyId}/external-runs',
    summary:
      'Upload an external run (researcher): a model trained outside Lethe on the scenario package. Multipart: an "options" JSON part first, then "logits_train" and "logits_test" (.npy, float32 or float64, shape rows x classes, rows in package order: x_train and x_test), or one "model" (.onnx: one float32 input (batch, ...sample shape), first output the logits (batch, classes)) that Lethe runs on the package arrays. Checked against the package (dtype, shape, class count, finite values: errors name the file, row and class), scored with the same metrics as Lethe\'s runs (an unlearned run against the uploaded retrain of its seed, which must come first; or, with "reference": "lethe-retrain" and "sameRecipe": true in a Lethe study, an ONNX model whose graph has the study\'s model spec against Lethe\'s retrain of its seed: 422 with reason "spec_mismatch" and details.differences naming each layer that differs, 422 for logits, 409 when there is no succeeded Lethe retrain of the seed), stored in one transaction. The model runs and the outputs are scored in an ML lane of their own, not the web process; 422 with reason "memory_limit", neededMb and limitMb when that needs more than LETHE_EXTERNAL_RUN_MEMORY_MB (nothing stored). 201 with the run and its metrics; 409 when the slot (role, seed, request, method) is taken',
    rawBody: multipartBody(externalRunOptionsSchema, ['logits_train', 'logits_test', 'model']),
    response: runViewSchema,
    success: 201,
  },
  { tag: 'studies', method: 'get', path: '/api/v1/studies/{studyId}/runs-table', summary: 'The study page’s runs table: status, runs with progress (ended runs’ step losses thinned to 60 points) and per run the key metrics (accuracies, gaps to retrain, MIA AUC, time, speedup), not whole metrics records; ?group=<key> (original, retrain or a method’s group, as the folded table lists them) answers that group’s runs only, 404 for an unknown group, 422 for an empty one', response: runsTableResponseSchema, success: 200 },
  { tag: 'studies', method: 'get', path: '/api/v1/studies/{studyId}/events', summary: 'Server-Sent Events: "runs" events with every run’s status and progress when they change, "done" when all runs ended', media: ['text/event-stream'], success: 200 },
  { tag: 'studies', method: 'post', path: '/api/v1/studies/{studyId}/cancel', summary: 'Cancel every unfinished run; running ones stop within a training step', response: studyCancelledResponseSchema, success: 200 },
  { tag: 'studies', method: 'post', path: '/api/v1/studies/{studyId}/reproduce', summary: 'A new study from this one’s manifest (same data version, scenario, spec, recipe, seeds, methods)', response: studyViewSchema, success: 201 },
  { tag: 'studies', method: 'get', path: '/api/v1/runs/{runId}', summary: 'A run with metrics, manifest (versions, backend, seeds, configs, hashes, worker, phase times) and log', response: runDetailResponseSchema, success: 200 },
  { tag: 'studies', method: 'post', path: '/api/v1/runs/{runId}/retry', summary: 'Retry a failed or cancelled run (and the runs waiting on it)', response: runsRetriedResponseSchema, success: 200 },
  { tag: 'studies', method: 'post', path: '/api/v1/runs/{runId}/cancel', summary: 'Cancel one run', response: runViewSchema, success: 200 },
  { tag: 'studies', method: 'get', path: '/api/v1/teams/{teamId}/jobs', summary: 'The team’s runs across studies (?status=waiting,queued,running,succeeded,failed,cancelled, ?studyId) and the live workers', response: jobsResponseSchema, success: 200 },
  { tag: 'results', method: 'get', path: '/api/v1/studies/{studyId}/results', summary: 'Results table of a study: per method configuration and request, mean and 95% interval over seeds of every metric (percentile bootstrap for bounded metrics, geometric mean for speedups) as value and as gap to retrain; headline: the study verdict (closest to retrain of the same seed, the rule in words, null and noise floor per metric); chart data (per-class, per-group, ROC, curves)', response: resultsDataSchema, success: 200 },
  { tag: 'results', method: 'get', path: '/api/v1/studies/{studyId}/results/distributions', summary: 'Loss and confidence histograms on forget, retain and test of one run (?runId), from its per-example results', response: runDistributionsSchema, success: 200 },
  { tag: 'results', method: 'get', path: '/api/v1/studies/{studyId}/results/forget-examples', summary: 'Forget-set rows with each model’s prediction for one seed (?seed, ?limit ≤ 96, ?request); images at /datasets/{id}/versions/{v}/images/{row}', response: forgetExamplesSchema, success: 200 },
  { tag: 'results', method: 'get', path: '/api/v1/studies/{studyId}/export', summary: 'The results table as a file: ?format=csv (default) or json, ?rows=means (default) or seeds (one line per run), ?cols=metric,metric', response: resultsExportSchema, media: ['text/csv'], success: 200 },
  { tag: 'results', method: 'get', path: '/api/v1/studies/{studyId}/per-example', summary: 'Every model’s per-example outputs (φ and margin on all forget rows and a fixed retain/test sample, with row ids and seed): ?format=csv (default) or npy (NPY files in a ZIP with manifest.json)', media: ['text/csv', 'application/zip'], success: 200 },
  { tag: 'results', method: 'get', path: '/api/v1/teams/{teamId}/comparisons', summary: "The team's saved comparisons", response: comparisonListResponseSchema, success: 200 },
  { tag: 'results', method: 'post', path: '/api/v1/teams/{teamId}/comparisons', summary: 'Save a comparison of runs from studies on one dataset, with a pinned baseline run and the view (any member, reviewers included)', body: comparisonInputSchema, response: comparisonViewSchema, success: 201 },
  { tag: 'results', method: 'get', path: '/api/v1/teams/{teamId}/comparisons/results', summary: 'Results of an unsaved selection: ?runs=id,id&baseline=id; with ?format=csv|json as a file', response: z.union([resultsDataSchema, resultsExportSchema]), media: ['text/csv'], success: 200 },
  { tag: 'results', method: 'get', path: '/api/v1/teams/{teamId}/comparisons/candidates', summary: 'Runs a comparison can choose from: every run of the team’s studies on ?datasetId', response: candidatesResponseSchema, success: 200 },
  { tag: 'results', method: 'get', path: '/api/v1/comparisons/{comparisonId}', summary: 'A saved comparison with its results table, headline and chart data', response: comparisonWithResultsResponseSchema, success: 200 },
  { tag: 'results', method: 'patch', path: '/api/v1/comparisons/{comparisonId}', summary: 'Rename, change runs, baseline or saved view (its creator, or a member who may change team data)', body: comparisonPatchSchema, response: comparisonViewSchema, success: 200 },
  { tag: 'results', method: 'delete', path: '/api/v1/comparisons/{comparisonId}', summary: 'Delete a saved comparison (its creator, or a member who may change team data)', success: 204 },
  { tag: 'results', method: 'get', path: '/api/v1/comparisons/{comparisonId}/export', summary: "A saved comparison's table as a file: ?format=csv (default) or json, ?rows=means (default) or seeds, ?cols=metric,metric", response: resultsExportSchema, media: ['text/csv'], success: 200 },
  // Reviews: comments, review status, share links (lib/reviews).
  { tag: 'reviews', method: 'get', path: '/api/v1/studies/{studyId}/comments', summary: "A study's comments, oldest first, each with canDelete for the caller", response: commentThreadSchema, success: 200 },
  { tag: 'reviews', method: 'post', path: '/api/v1/studies/{studyId}/comments', summary: 'Comment on a study (owner, researcher, reviewer)', body: commentSchema, response: commentCreatedResponseSchema, success: 201 },
  { tag: 'reviews', method: 'get', path: '/api/v1/runs/{runId}/comments', summary: "A run's comments, oldest first", response: commentThreadSchema, success: 200 },
  { tag: 'reviews', method: 'post', path: '/api/v1/runs/{runId}/comments', summary: 'Comment on a run (owner, researcher, reviewer)', body: commentSchema, response: commentCreatedResponseSchema, success: 201 },
  { tag: 'reviews', method: 'get', path: '/api/v1/comparisons/{comparisonId}/comments', summary: "A saved comparison's comments, oldest first", response: commentThreadSchema, success: 200 },
  { tag: 'reviews', method: 'post', path: '/api/v1/comparisons/{comparisonId}/comments', summary: 'Comment on a saved comparison (owner, researcher, reviewer)', body: commentSchema, response: commentCreatedResponseSchema, success: 201 },
  { tag: 'reviews', method: 'delete', path: '/api/v1/comments/{commentId}', summary: 'Delete a comment (its author, or a team owner)', success: 204 },
  { tag: 'reviews', method: 'get', path: '/api/v1/studies/{studyId}/review', summary: "A study's review status and its history, newest first", response: reviewStateSchema, success: 200 },
  { tag: 'reviews', method: 'post', path: '/api/v1/studies/{studyId}/review', summary: 'Set the review status (none, in_review, approved, changes_requested) with a note and, for in_review, optionally assigneeId: the reviewer or owner asked to review (reviewer or owner; researchers 403)', body: reviewSchema, response: reviewStateSchema, success: 201 },
  { tag: 'reviews', method: 'get', path: '/api/v1/teams/{teamId}/share-links', summary: "The team's share links with status active, revoked or expired (?targetType&targetId to filter; owner, researcher)", response: shareLinkListResponseSchema, success: 200 },
  { tag: 'reviews', method: 'post', path: '/api/v1/teams/{teamId}/share-links', summary: 'Create a read-only link to one study, comparison or benchmark, optional expiresAt; the URL is in this answer only (owner, researcher; audited)', body: createShareLinkSchema, response: shareLinkCreatedResponseSchema, success: 201 },
  { tag: 'reviews', method: 'delete', path: '/api/v1/share-links/{linkId}', summary: 'Revoke a share link (owner, researcher; audited)', response: shareLinkRevokedResponseSchema, success: 200 },
  { tag: 'reviews', method: 'get', path: '/api/v1/shared/{token}', summary: 'Public, no token: the shared study, comparison or benchmark (with its leaderboard), read-only; 404 with one message for unknown, revoked or expired links', auth: false, response: sharedResponseSchema, success: 200 },
  { tag: 'reviews', method: 'get', path: '/api/v1/shared/{token}/export', summary: 'Public, no token: the shared table as a file, as the team’s study or comparison export (?format=csv|json, ?rows=means|seeds, ?cols=metric,metric), ids as the share’s aliases (shared-N); 404 for unknown, revoked or expired links', auth: false, response: resultsExportSchema, media: ['text/csv'], success: 200 },
  { tag: 'reviews', method: 'get', path: '/api/v1/shared/{token}/per-example', summary: 'Public, no token: a shared study’s per-example outputs, as the team’s file (?format=csv|npy), ids as the share’s aliases; 404 for a shared comparison', auth: false, media: ['text/csv', 'application/zip'], success: 200 },
  { tag: 'reviews', method: 'get', path: '/api/v1/shared/{token}/results/distributions', summary: 'Public, no token: loss and confidence histograms of one run the shared dashboard shows (?runId=its alias, shared-N); any other run is 404', auth: false, response: runDistributionsSchema, success: 200 },
  { tag: 'reviews', method: 'get', path: '/api/v1/shared/{token}/results/forget-examples', summary: 'Public, no token: forget-set rows with each shown model’s prediction for one seed (?seed, ?limit ≤ 96, ?request); a share of several studies has none (404); images at /shared/{token}/images/{row}', auth: false, response: forgetExamplesSchema, success: 200 },
  { tag: 'reviews', method: 'get', path: '/api/v1/shared/{token}/images/{row}', summary: 'Public, no token: the PNG of a forget-set row of the shared study (not cached); any other row is 404', auth: false, media: ['image/png'], success: 200 },
  { tag: 'benchmarks', method: 'post', path: '/api/v1/teams/{teamId}/benchmarks', summary: 'Publish one of the team\'s scenarios as a benchmark with a fixed recipe: seeds (2-32), the metrics shown and one ranking criterion with its direction, all metrics with a 95% interval over seeds (owner; audited). The scenario is locked; the recipe can never be edited', body: publishBenchmarkSchema, response: benchmarkResponseSchema, success: 201 },
  { tag: 'benchmarks', method: 'get', path: '/api/v1/benchmarks', summary: 'Every published benchmark (any signed-in user), and the withdrawn ones of the caller\'s teams', response: benchmarkListResponseSchema, success: 200 },
  { tag: 'benchmarks', method: 'get', path: '/api/v1/benchmarks/{benchmarkId}', summary: 'A benchmark, its recipe and its leaderboard: per entry and method the criterion\'s mean and 95% interval over the recipe\'s seeds, N, team, verified mark and a read-only dashboard link; overlapping intervals share a rank (any signed-in user while published; its scenario package is then readable at /scenarios/{scenarioId}/package)', response: benchmarkViewResponseSchema, success: 200 },
  { tag: 'benchmarks', method: 'delete', path: '/api/v1/benchmarks/{benchmarkId}', summary: 'Withdraw a benchmark (owner of its team; audited): hidden from everyone outside the team', response: benchmarkResponseSchema, success: 200 },
  { tag: 'benchmarks', method: 'post', path: '/api/v1/benchmarks/{benchmarkId}/entries', summary: 'Submit one of your team\'s external studies on the benchmark\'s scenario, with the recipe\'s seeds scored for every uploaded method and its retrain (owner, researcher of that team; audited). Creates a share link of the study for the leaderboard', body: submitEntrySchema, response: entrySubmittedResponseSchema, success: 201 },
  { tag: 'benchmarks', method: 'patch', path: '/api/v1/benchmarks/{benchmarkId}/entries/{entryId}', summary: 'Mark an entry verified or unverified (owner, reviewer of the benchmark\'s team; audited)', body: verifyEntrySchema, response: entryVerifiedResponseSchema, success: 200 },
  { tag: 'benchmarks', method: 'delete', path: '/api/v1/benchmarks/{benchmarkId}/entries/{entryId}', summary: 'Withdraw an entry (owner, researcher of the submitting team; audited): off the leaderboard, its share link revoked', response: entryWithdrawnResponseSchema, success: 200 },
  { tag: 'meta', method: 'get', path: '/api/v1/openapi.json', summary: 'This document', auth: false, response: openApiDocumentSchema, success: 200 },
];

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' } },
    },
  },
};

/**
 * Sub-schemas several answers share, published once under these names (clients get one type
 * for a run, a study, a results table, ...). Every other response schema is published under its
 * operation's name (`<OperationId>Response`).
 */
/** Named parts of request bodies: a scenario's recursive selector and predicate. */
const REQUEST_COMPONENTS: Record<string, z.ZodType> = { Selector: selectorSchema, Predicate: predicateSchema };

const COMPONENTS: Record<string, z.ZodType> = {
  Run: runViewSchema,
  ExternalProvenance: externalProvenanceSchema,
  Study: studyViewSchema,
  StudyPlan: studyPlanSchema,
  Stat: statSchema,
  ResultsTable: resultsTableSchema,
  StudyVerdict: studyVerdictSchema,
  Headline: headlineSchema,
  Results: resultsDataSchema,
  ResultsExport: resultsExportSchema,
  RunDistributions: runDistributionsSchema,
  ForgetExamples: forgetExamplesSchema,
  Comparison: comparisonViewSchema,
  Dataset: datasetSchema,
  DatasetListRow: datasetListRowSchema,
  DatasetCreated: datasetCreatedSchema,
  DatasetVersion: versionSummarySchema,
  Scenario: scenarioViewSchema,
  ScenarioPreview: scenarioPreviewSchema,
  Comment: commentViewSchema,
  CommentThread: commentThreadSchema,
  ReviewState: reviewStateSchema,
  ShareLink: shareLinkViewSchema,
  SharedView: sharedViewSchema,
  AuditLog: auditLogResponseSchema,
  TokenCreated: tokenCreatedResponseSchema,
};

export function routeDocs(): readonly RouteDoc[] {
  return ROUTES;
}

/** A stable operationId from method and path: get /studies/{studyId}/runs-table → getStudiesByStudyIdRunsTable. */
export function operationId(r: Pick<RouteDoc, 'method' | 'path'>): string {
  const pascal = (w: string) => w.replace(/(^|[^a-zA-Z0-9]+)([a-zA-Z0-9])/g, (_m, _sep: string, c: string) => c.toUpperCase());
  const words = r.path
    .replace(/^\/api\/v1\//, '')
    .split('/')
    .map((seg) => (seg.startsWith('{') ? `By${pascal(seg.slice(1, -1))}` : pascal(seg)));
  return r.method + words.join('');
}

/** The component name of a route's request or response body, unless the schema has a shared name. */
function bodyName(r: RouteDoc, suffix: 'Request' | 'Response'): string {
  return `${operationId(r).replace(/^./, (c) => c.toUpperCase())}${suffix}`;
}

/** Drops what zod emits that the document should not carry (see schemaComponents). */
function cleanUp(jsonSchema: unknown, io: 'input' | 'output'): void {
  const js = jsonSchema as Record<string, unknown>;
  if (typeof js.format === 'string') delete js.pattern;
  if (io === 'output' && js.additionalProperties === false) delete js.additionalProperties;
}

type BodyNames = Map<RouteDoc, { request?: string; response?: string }>;

/**
 * JSON Schema (draft 2020-12, as OpenAPI 3.1 uses) of every JSON body, as named components that
 * refer to each other: request bodies from zod's input side (what a client may send), answers
 * from its output side (what the server sends). The recursive selector and predicate get names
 * of their own: a schema embedded in the document cannot keep `$defs` of its own (its
 * `#/$defs/...` would resolve against the document's root). Two things zod emits are dropped:
 * the regular expressions it adds to date-time and uuid strings (their `format` says it), and,
 * on answers, `additionalProperties: false` (the API may add fields to an answer; a client that
 * rejected them would break on every such release).
 */
function schemaComponents(): { schemas: Record<string, Record<string, unknown>>; names: BodyNames } {
  const names: BodyNames = new Map();
  const build = (io: 'input' | 'output', shared: Record<string, z.ZodType>, side: 'request' | 'response') => {
    const registry = z.registry<{ id: string }>();
    const named = new Map<z.ZodType, string>();
    for (const [id, schema] of Object.entries(shared)) {
      registry.add(schema, { id });
      named.set(schema, id);
    }
    for (const r of ROUTES) {
      const schema = side === 'request' ? r.body : r.response;
      if (!schema) continue;
      let name = named.get(schema);
      if (!name) {
        name = bodyName(r, side === 'request' ? 'Request' : 'Response');
        registry.add(schema, { id: name });
        named.set(schema, name);
      }
      names.set(r, { ...names.get(r), [side]: name });
    }
    const { schemas } = z.toJSONSchema(registry, { io, unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}`, override: (ctx) => cleanUp(ctx.jsonSchema, io) });
    return Object.fromEntries(
      Object.entries(schemas).map(([id, js]) => {
        const { $id: _id, $schema: _schema, ...rest } = js as Record<string, unknown>;
        return [id, rest];
      }),
    );
  };
  return { schemas: { ...build('input', REQUEST_COMPONENTS, 'request'), ...build('output', COMPONENTS, 'response') }, names };
}

function successResponses(r: RouteDoc, name: string | undefined): Record<string, unknown> {
  const codes = Array.isArray(r.success) ? r.success : [r.success];
  const out: Record<string, unknown> = {};
  for (const code of codes) {
    if (code === 204) {
      out['204'] = { description: 'Done; no content' };
      continue;
    }
    const content: Record<string, unknown> = {};
    if (name) content['application/json'] = { schema: { $ref: `#/components/schemas/${name}` } };
    for (const m of r.media ?? []) if (m !== 'application/x-ndjson') content[m] = { schema: MEDIA[m] };
    out[String(code)] = { description: r.media?.length && name ? 'Success: JSON, or a file as the query asks' : 'Success', content };
  }
  // The progress stream answers 200 at once; its last line carries the real status and the JSON above.
  if (r.media?.includes('application/x-ndjson')) {
    out['200'] = {
      description: 'With "Accept: application/x-ndjson": progress lines {"type":"progress",...}, then {"type":"done","status":201,"result":<the 201 body>} or {"type":"error","status":4xx,"error":{...}}',
      content: { 'application/x-ndjson': { schema: MEDIA['application/x-ndjson'] } },
    };
  }
  return out;
}

export function openApiDocument(version: string): OpenApiDocument {
  const components = schemaComponents();
  const paths: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const r of ROUTES) {
    const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const limit = r.bodyLimit === 'scenario' ? SCENARIO_JSON_LIMIT() : DEFAULT_JSON_LIMIT();
    const requestBody = r.body
      ? {
          required: true,
          description: `JSON of at most ${+(limit.maxBytes / (1024 * 1024)).toFixed(2)} MB (${limit.variable}); a larger body answers 413 before it is read.`,
          'x-max-bytes': limit.maxBytes,
          content: { 'application/json': { schema: { $ref: `#/components/schemas/${components.names.get(r)?.request}` } } },
        }
      : r.rawBody;
    const errors = Object.fromEntries(
      ['400', '401', '403', '404', '409', ...(requestBody ? ['413'] : []), '422', '429'].map((s) => [s, { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]),
    );
    paths[r.path] ??= {};
    paths[r.path][r.method] = {
      operationId: operationId(r),
      tags: [r.tag],
      summary: r.summary,
      ...(params.length ? { parameters: params } : {}),
      ...(requestBody ? { requestBody } : {}),
      ...(r.auth === false ? { security: [] } : {}),
      responses: { ...successResponses(r, components.names.get(r)?.response), ...errors },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Lethe API', version, description: 'Collaborative machine-unlearning studies. Authenticate with "Authorization: Bearer <token>".' },
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } }, schemas: { Error: errorSchema, ...components.schemas } },
    paths,
  };
}
