import { ActionForm } from '@/app/_components/ui/action-form';
import { Card, PageHeader } from '@/app/_components/ui/ui';
import { pageActor } from '@/app/_lib/page-gate';
import { createTeamAction } from '../../actions';

export const metadata = { title: 'New team' };

export default async function NewTeamPage() {
  await pageActor();
  return (
    <>
      <PageHeader title="New team" description="You become the team's owner and can invite others." />
      <Card className="max-w-md">
        <ActionForm action={createTeamAction} submitLabel="Create team" fields={[{ name: 'name', label: 'Team name', placeholder: 'e.g. Privacy lab' }]} />
      </Card>
    </>
  );
}
