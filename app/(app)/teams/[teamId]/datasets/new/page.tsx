import Link from 'next/link';
import { PageHeader } from '@/app/_components/ui/ui';
import { pageTeam } from '@/app/_lib/page-gate';
import { UploadWizard } from './upload-wizard';

export const metadata = { title: 'Upload dataset' };

export default async function NewDatasetPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  // Reviewers get the 403 page here, as the upload API would answer them.
  const access = await pageTeam(teamId, 'team.write');
  return (
    <>
      <PageHeader
        title="Upload dataset"
        description={
          <>
            A new dataset of {access.teamName}. The file is checked as a whole before anything is saved; a bad file leaves nothing behind. Back to{' '}
            <Link href={`/teams/${teamId}/datasets`} className="underline">
              the datasets
            </Link>
            .
          </>
        }
      />
      <UploadWizard teamId={teamId} />
    </>
  );
}
