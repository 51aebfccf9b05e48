import Link from 'next/link';
import { PageHeader } from '@/app/_components/ui/ui';
import { ScenarioBuilder } from '@/app/_components/scenarios/scenario-builder';
import { scenarioDatasetSummary } from '@/app/_components/scenarios/scenario-server';
import { pageTeam } from '@/app/_lib/page-gate';

export const metadata = { title: 'New scenario' };

export default async function NewScenarioPage({ params, searchParams }: { params: Promise<{ teamId: string; datasetId: string }>; searchParams: Promise<{ version?: string }> }) {
  const { teamId, datasetId } = await params;
  const { version } = await searchParams;
  // Reviewers read scenarios but cannot create them: 403 here rather than a builder whose preview is refused.
  const access = await pageTeam(teamId, 'team.write');
  const wanted = version && /^\d+$/.test(version) ? Number(version) : undefined;
  const ds = await scenarioDatasetSummary(access.actor, teamId, datasetId, wanted);
  const versions = Array.from({ length: ds.latestVersion }, (_, i) => i + 1);
  return (
    <>
      <PageHeader
        title="New scenario"
        description={
          <>
            On{' '}
            <Link href={`/teams/${teamId}/datasets/${datasetId}`} className="underline">
              {ds.datasetName}
            </Link>
            , version {ds.version} ({ds.trainCount.toLocaleString('en-US')} training rows, {ds.classNames.length} classes
            {ds.subjects ? `, ${ds.subjects.count.toLocaleString('en-US')} data subjects` : ''}
            {ds.groups.length ? `, sensitive attributes ${ds.groups.map((g) => g.name).join(', ')}` : ''}).
          </>
        }
      />
      {versions.length > 1 ? (
        <nav aria-label="Dataset version" className="-mt-4 mb-6 flex flex-wrap items-center gap-2 text-sm">
          <span className="text-zinc-500">Version:</span>
          {versions.map((v) => (
            <Link key={v} href={`?version=${v}`} aria-current={v === ds.version ? 'page' : undefined} className={`rounded px-2 py-0.5 ${v === ds.version ? 'bg-zinc-200 font-medium dark:bg-zinc-800' : 'hover:underline'}`}>
              v{v}
            </Link>
          ))}
        </nav>
      ) : null}
      {/* Keyed by version: another version is another dataset shape, so the builder starts over. */}
      <ScenarioBuilder key={ds.version} ds={ds} />
    </>
  );
}
