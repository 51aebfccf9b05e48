import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Badge, EmptyState, formatDate, LinkButton, PageHeader } from '@/app/_components/ui/ui';
import { ExternalUploadForm } from '@/app/_components/studies/external-upload-form';
import { CATEGORY_TONES } from '@/app/_components/scenarios/scenario-model';
import { orPageError } from '@/app/_lib/page-gate';
import { runGroupsJson, runsTableJson } from '@/app/_components/studies/study-format';
import { StudyRuns } from '@/app/_components/studies/study-runs';
import { StudyReviewSections } from '@/app/_components/reviews/review-sections';
import { pageTeam } from '@/app/_lib/page-gate';
import { roleCan } from '@/lib/auth/permissions';
import type { DatasetStats } from '@/lib/data';
import { getScenario, scenarioVersionFor } from '@/lib/datasets/scenarios';
import type { ScenarioSpec } from '@/lib/scenarios/spec';
import { requestCountOf } from '@/lib/studies/external-upload-form';
import { modelIoOf } from '@/lib/studies/model-io';
import { describeStudyModel, studyMethodLabels, studySeeds } from '@/lib/studies/study-facts';
import { studyWithTableRuns } from '@/lib/studies/service';
import { runView, studyStatus } from '@/lib/studies/views';
import { methodCatalogue } from '@/lib/unlearning/registry';
import { describeReferenceKinds, externalReferenceOf } from '@/lib/studies/external-reference';

export const metadata = { title: 'Study' };

function describeRecipe(recipe: Record<string, unknown>): string {
  const opt = recipe.optimizer as { kind: string; learningRate: number };
  return `${String(recipe.epochs)} epochs, batch ${String(recipe.batchSize)}, ${opt.kind} lr ${opt.learningRate}`;
}

export default async function StudyPage({ params }: { params: Promise<{ teamId: string; studyId: string }> }) {
  const { teamId, studyId } = await params;
  const access = await pageTeam(teamId, 'team.read');
  const { study, runs } = await orPageError(studyWithTableRuns(access.actor, studyId));
  // Another team's study is not found under this team's URL, even for someone in both teams.
  if (study.teamId !== teamId) notFound();
  const scenario = await orPageError(getScenario(access.actor, study.scenarioId));
  const canRun = access.role ? roleCan(access.role, 'team.run') : false;
  const methodNames = Object.fromEntries(methodCatalogue().map((m) => [m.id, m.name]));
  const status = studyStatus(runs);
  const seeds = studySeeds(study, runs);
  const methodList = studyMethodLabels(study, runs, methodNames);
  const methodOrder = study.methods.map((m) => m.methodId);
  const hasExternal = runs.some((r) => r.external);
  // Lethe's retrains may be the reference of an uploaded ONNX model whose graph can be checked against the spec (not a CNN's yet).
  const letheReferenceOffered = !study.external && (study.modelSpec as { kind?: string }).kind !== 'cnn';
  const referenceKinds = new Set(runs.map((r) => externalReferenceOf(r)?.kind).filter((k) => k !== undefined));
  // What the upload form states about the package: its row counts and class count. x_train is
  // the scenario's training split (trainCount); x_test the version's test rows.
  // A study on a benchmark's scenario reads another team's dataset version: through the scenario, not the dataset page.
  const { version: scenarioVersion, foreign } = await orPageError(scenarioVersionFor(access.actor, study.scenarioId, teamId));
  const version = canRun ? scenarioVersion : null;
  const stats = version ? (version.stats as unknown as DatasetStats) : null;
  const trainRows = scenario.trainCount;
  const uploadForm =
    version && stats ? (
      <ExternalUploadForm
        studyId={study.id}
        requestCount={requestCountOf((scenario.spec as unknown as ScenarioSpec).requests)}
        numClasses={modelIoOf(version).numClasses}
        trainRows={trainRows}
        testRows={stats.testRows ?? version.rowCount - (stats.trainRows ?? version.rowCount)}
        letheModel={letheReferenceOffered ? { spec: describeStudyModel(study), recipe: describeRecipe(study.recipe) } : undefined}
      />
    ) : null;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-zinc-500">
        <Link href={`/teams/${teamId}/studies`} className="hover:underline">
          Studies
        </Link>{' '}
        /
      </nav>
      <PageHeader
        title={study.name}
        description={study.description || undefined}
        actions={
          <LinkButton size="sm" href={`/teams/${teamId}/studies/${study.id}/results`}>
            Results dashboard
          </LinkButton>
        }
      />
      <dl className="mb-6 grid gap-x-6 gap-y-3 rounded-lg border border-zinc-200 bg-white p-4 text-sm shadow-sm sm:grid-cols-2 lg:grid-cols-4 dark:border-zinc-800 dark:bg-zinc-900" data-testid="study-header">
        <div>
          <dt className="text-zinc-500">Dataset</dt>
          <dd className="mt-0.5">
            {foreign ? (
              scenario.datasetName
            ) : (
              <Link href={`/teams/${teamId}/datasets/${study.datasetId}`} className="text-brand-600 hover:underline dark:text-blue-400">
                {scenario.datasetName}
              </Link>
            )}{' '}
            <span className="text-zinc-500">v{scenario.datasetVersion}</span>
          </dd>
        </div>
        <div>
          <dt className="text-zinc-500">Scenario</dt>
          <dd className="mt-0.5 flex flex-wrap items-center gap-1.5">
            {foreign ? (
              <Link href="/benchmarks" className="text-brand-600 hover:underline dark:text-blue-400" title="Another team published this scenario as a benchmark">
                {scenario.name} (a benchmark)
              </Link>
            ) : (
              <Link href={`/teams/${teamId}/scenarios/${study.scenarioId}`} className="text-brand-600 hover:underline dark:text-blue-400">
                {scenario.name}
              </Link>
            )}
            <Badge tone={CATEGORY_TONES[scenario.category]}>{scenario.category}</Badge>
          </dd>
        </div>
        <div>
          <dt className="text-zinc-500">Created</dt>
          <dd className="mt-0.5">{formatDate(study.createdAt)}</dd>
        </div>
        <div>
          <dt className="text-zinc-500">Seeds</dt>
          <dd className="mt-0.5 tabular-nums" data-testid="study-seeds">
            {seeds.length === 0 ? 'none uploaded yet' : `${seeds.length} (${seeds.length > 1 ? `${seeds[0]}–${seeds[seeds.length - 1]}` : seeds[0]})`}
          </dd>
        </div>
        <div>
          <dt className="text-zinc-500">Model</dt>
          <dd className="mt-0.5">{study.external ? 'the group’s own (external study, described above)' : describeStudyModel(study)}</dd>
        </div>
        <div>
          <dt className="text-zinc-500">Recipe</dt>
          <dd className="mt-0.5">{study.external ? 'the group’s own' : describeRecipe(study.recipe)}</dd>
        </div>
        <div>
          <dt className="text-zinc-500">Methods</dt>
          <dd className="mt-0.5">{methodList.length ? methodList.join(', ') : study.external ? 'none uploaded yet' : 'retrain only'}</dd>
        </div>
        {hasExternal || study.external ? (
          <div className="sm:col-span-2 lg:col-span-4" data-testid="study-external-note">
            <dt className="text-zinc-500">External runs</dt>
            <dd className="mt-0.5">
              Uploaded {canRun ? 'with the upload form on this page or ' : ''}with <code>POST /api/v1/studies/{study.id}/external-runs</code>. {study.external
                ? 'Each external unlearned run is scored against the group’s own uploaded retrain of the same seed, not against a model Lethe trained.'
                : letheReferenceOffered
                  ? 'An external unlearned run is scored against the group’s own uploaded retrain of the same seed, or, uploaded with reference "lethe-retrain", against Lethe’s retrain of that seed: only an ONNX model whose graph has this study’s model spec (checked), trained with this study’s recipe (declared by the uploader, not checked).'
                  : 'An external unlearned run is scored against the group’s own uploaded retrain of the same seed. Lethe’s retrain cannot be its reference here: Lethe checks only logistic regression and MLP specs from an uploaded graph, and this study’s is a CNN.'}
              {referenceKinds.size ? ` The uploaded methods here are ${describeReferenceKinds(referenceKinds)}.` : ''}
            </dd>
          </div>
        ) : null}
        {study.reproducedFrom ? (
          <div className="sm:col-span-2">
            <dt className="text-zinc-500">Reproduces</dt>
            <dd className="mt-0.5">
              <Link href={`/teams/${teamId}/studies/${study.reproducedFrom}`} className="text-brand-600 hover:underline dark:text-blue-400" data-testid="reproduced-from">
                the earlier study with the same inputs
              </Link>
            </dd>
          </div>
        ) : null}
      </dl>
      {study.external && runs.length === 0 ? (
        <div className="mb-6">
          <EmptyState title="No runs uploaded yet">
            <span data-testid="external-empty-state">
              <Link href={foreign ? '/benchmarks' : `/teams/${teamId}/scenarios/${study.scenarioId}`} className="underline">
                Download the package
              </Link>{' '}
              from the {foreign ? 'benchmark' : 'scenario'} page and train, for each seed, an original, a retrain (without the forget rows) and your unlearned model. {canRun ? 'Upload each seed’s retrain before its unlearned runs: it is their reference.' : 'A researcher or owner of the team uploads them here.'}
            </span>
          </EmptyState>
        </div>
      ) : null}
      {study.external && uploadForm ? <div className="mb-6">{uploadForm}</div> : null}
      <StudyRuns key={runs.length} teamId={teamId} studyId={study.id} initial={runGroupsJson(runsTableJson(status, runs.map((r) => runView(r))), methodOrder)} methodNames={methodNames} methodOrder={methodOrder} canRun={canRun} external={study.external} />
      {!study.external && uploadForm ? (
        // A Lethe study takes external runs too (mixed), but that is the rarer use: folded away.
        <details className="mt-6" data-testid="external-upload-details">
          <summary className="cursor-pointer text-sm font-medium">Add a model trained outside Lethe to this study</summary>
          <div className="mt-3">{uploadForm}</div>
        </details>
      ) : null}
      <StudyReviewSections actor={access.actor} role={access.role} teamId={teamId} studyId={study.id} category={scenario.category} />
    </>
  );
}
