import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Badge, EmptyState, PageHeader, Table } from '@/app/_components/ui/ui';
import { CATEGORY_TONES, formatCount } from '@/app/_components/scenarios/scenario-model';
import { orPageError } from '@/app/_lib/page-gate';
import { ExternalStudyForm } from '@/app/_components/studies/external-study-form';
import { StudyForm, type StudyFormDataset, type StudyFormScenario } from '@/app/_components/studies/study-form';
import { pageTeam } from '@/app/_lib/page-gate';
import type { DatasetStats } from '@/lib/data';
import { datasetScenarios, getScenario, scenarioFor } from '@/lib/datasets/scenarios';
import { teamDatasets, versionOf } from '@/lib/datasets/service';
import { scenarioKindOf } from '@/lib/scenarios/scenario-kind';
import type { ScenarioSpec } from '@/lib/scenarios/spec';
import { defaultModelSpec, defaultRecipe } from '@/lib/studies/defaults';
import { MAX_SEEDS } from '@/lib/studies/input';
import { modelIoOf } from '@/lib/studies/model-io';
import { methodCatalogue } from '@/lib/unlearning/registry';

export const metadata = { title: 'New study' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Without a scenario in the URL: pick one (a study is always about one scenario). */
async function ScenarioPicker({ teamId, actor }: { teamId: string; actor: Parameters<typeof teamDatasets>[0] }) {
  const datasets = await orPageError(teamDatasets(actor, teamId));
  const perDataset = await Promise.all(datasets.map(async (d) => ({ dataset: d, scenarios: await orPageError(datasetScenarios(actor, d.id)) })));
  const rows = perDataset.flatMap(({ dataset, scenarios }) => scenarios.map((s) => ({ ...s, datasetName: dataset.name })));
  return (
    <>
      <PageHeader title="New study" description="Choose the deletion scenario the study is about. Every method of the study forgets the same rows." />
      {rows.length === 0 ? (
        <EmptyState title="No scenarios yet">
          A study needs a scenario.{' '}
          <Link href={`/teams/${teamId}/datasets`} className="underline">
            Open a dataset
          </Link>{' '}
          and create a scenario on it first.
        </EmptyState>
      ) : (
        <div className="rounded-lg border border-zinc-200 bg-white p-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          <Table label="Scenarios to start a study from" head={['Scenario', 'Category', 'Dataset', 'Forget set', '']}>
            {rows.map((s) => (
              <tr key={s.id}>
                <td className="px-2 py-2 font-medium">{s.name}</td>
                <td className="px-2 py-2">
                  <Badge tone={CATEGORY_TONES[s.category]}>{s.category}</Badge>
                </td>
                <td className="px-2 py-2">
                  {s.datasetName} <span className="text-zinc-500">v{s.datasetVersion}</span>
                </td>
                <td className="px-2 py-2 tabular-nums">{formatCount(s.forgetCount)} rows</td>
                <td className="px-2 py-2 text-right">
                  <Link href={`/teams/${teamId}/studies/new?scenarioId=${s.id}`} className="text-brand-600 hover:underline dark:text-blue-400">
                    Start a study<span className="sr-only"> on {s.name}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </Table>
        </div>
      )}
    </>
  );
}

export default async function NewStudyPage({ params, searchParams }: { params: Promise<{ teamId: string }>; searchParams: Promise<{ scenarioId?: string; models?: string }> }) {
  const { teamId } = await params;
  const { scenarioId, models } = await searchParams;
  // Launching is what this page is for: roles without team.run get the "not allowed" page.
  const access = await pageTeam(teamId, 'team.run');
  if (!scenarioId) return <ScenarioPicker teamId={teamId} actor={access.actor} />;
  if (!UUID.test(scenarioId)) notFound();
  const { scenario: row } = await orPageError(scenarioFor(access.actor, scenarioId, 'team.read'));
  // A scenario of another team is not found here, even for someone in both teams.
  if (row.teamId !== teamId) notFound();
  const s = await orPageError(getScenario(access.actor, scenarioId));
  const scenarioLink = (
    <Link href={`/teams/${teamId}/scenarios/${s.id}`} className="underline">
      {s.name}
    </Link>
  );
  if (models === 'external') {
    return (
      <>
        <PageHeader
          title="New external study"
          description={
            <>
              Score models you trained elsewhere on {scenarioLink}.{' '}
              <Link href={`/teams/${teamId}/studies/new?scenarioId=${s.id}`} className="underline">
                Train the models in Lethe instead
              </Link>
              .
            </>
          }
        />
        <ExternalStudyForm teamId={teamId} scenarioId={s.id} scenarioName={s.name} />
      </>
    );
  }
  const version = await orPageError(versionOf(access.actor, s.datasetId, s.datasetVersion));
  const io = modelIoOf(version);
  const stats = version.stats as unknown as DatasetStats;
  const trainRows = stats.trainRows ?? version.rowCount;
  const scenario: StudyFormScenario = {
    id: s.id,
    name: s.name,
    category: s.category,
    datasetId: s.datasetId,
    datasetName: s.datasetName,
    datasetVersion: s.datasetVersion,
    forgetCount: s.forgetCount,
    trainCount: s.trainCount,
  };
  const dataset: StudyFormDataset = {
    kind: version.kind,
    rows: version.rowCount,
    trainRows,
    testRows: stats.testRows ?? version.rowCount - trainRows,
    numClasses: io.numClasses,
    inputShape: io.inputShape,
  };
  return (
    <>
      <PageHeader
        title="New study"
        description={
          <>
            Compare unlearning methods against retraining from scratch on {scenarioLink}. Trained your models outside Lethe?{' '}
            <Link href={`/teams/${teamId}/studies/new?scenarioId=${s.id}&models=external`} className="underline" data-testid="external-study-link">
              Create an external study
            </Link>{' '}
            and upload their outputs.
          </>
        }
      />
      <StudyForm
        teamId={teamId}
        scenario={scenario}
        dataset={dataset}
        methods={methodCatalogue({ scenarioKind: scenarioKindOf(s.spec as unknown as ScenarioSpec), trainRows, forgetRows: s.forgetCount })}
        defaults={{ modelSpec: defaultModelSpec(io), recipe: defaultRecipe(trainRows, version.kind === 'image') }}
        maxSeeds={MAX_SEEDS}
      />
    </>
  );
}
