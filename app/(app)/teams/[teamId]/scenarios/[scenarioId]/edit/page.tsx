import { notFound } from 'next/navigation';
import { PageHeader } from '@/app/_components/ui/ui';
import { ScenarioBuilder } from '@/app/_components/scenarios/scenario-builder';
import { draftFromSpec } from '@/app/_components/scenarios/scenario-model';
import { scenarioDatasetSummary } from '@/app/_components/scenarios/scenario-server';
import { orPageError } from '@/app/_lib/page-gate';
import { pageTeam } from '@/app/_lib/page-gate';
import { getScenario, scenarioFor } from '@/lib/datasets/scenarios';

export const metadata = { title: 'Edit scenario' };

export default async function EditScenarioPage({ params }: { params: Promise<{ teamId: string; scenarioId: string }> }) {
  const { teamId, scenarioId } = await params;
  const access = await pageTeam(teamId, 'team.write');
  const { scenario: row } = await orPageError(scenarioFor(access.actor, scenarioId, 'team.write'));
  if (row.teamId !== teamId) notFound();
  const s = await orPageError(getScenario(access.actor, scenarioId));
  const ds = await scenarioDatasetSummary(access.actor, teamId, s.datasetId, s.datasetVersion);
  return (
    <>
      <PageHeader title={`Edit ${s.name}`} description={`On ${ds.datasetName}, version ${ds.version}. The preview updates as you change the definition.`} />
      <ScenarioBuilder ds={ds} edit={{ scenarioId: s.id, locked: s.locked, name: s.name, description: s.description, draft: draftFromSpec(s.spec) }} />
    </>
  );
}
