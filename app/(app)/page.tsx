import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { ActionForm } from '@/app/_components/ui/action-form';
import { Card, EmptyState, PageHeader } from '@/app/_components/ui/ui';
import { pageActor } from '@/app/_lib/page-gate';
import { listMemberships } from '@/db/queries/teams';
import { createTeamAction } from './actions';
import { TEAM_COOKIE } from './team-switcher';

export default async function HomePage() {
  const actor = await pageActor();
  const teams = await listMemberships(actor.id);
  if (teams.length > 0) {
    const remembered = (await cookies()).get(TEAM_COOKIE)?.value;
    const team = teams.find((t) => t.teamId === remembered) ?? teams[0];
    redirect(`/teams/${team.teamId}`);
  }
  return (
    <>
      <PageHeader title={`Welcome, ${actor.name}`} description="Lethe organises work in teams: a team owns its datasets, scenarios and studies." />
      <EmptyState title="You are not in a team yet">
        Create a team below and invite your colleagues, or open the invite link a team owner sent you.
      </EmptyState>
      <Card title="Create a team" className="mt-6 max-w-md">
        <ActionForm action={createTeamAction} submitLabel="Create team" fields={[{ name: 'name', label: 'Team name', placeholder: 'e.g. Privacy lab' }]} />
      </Card>
    </>
  );
}
