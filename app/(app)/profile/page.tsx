import { ActionForm } from '@/app/_components/ui/action-form';
import { Card, PageHeader } from '@/app/_components/ui/ui';
import { pageActor } from '@/app/_lib/page-gate';
import { PASSWORD_RULE } from '@/lib/auth/credentials';
import { changePasswordAction, updateProfileAction } from '../actions';

export const metadata = { title: 'Profile' };

export default async function ProfilePage() {
  const actor = await pageActor();
  return (
    <>
      <PageHeader title="Profile" description={`Signed in as ${actor.email}.`} />
      <div className="grid gap-6 md:grid-cols-2">
        <Card title="Name">
          <ActionForm action={updateProfileAction} submitLabel="Save name" testId="profile-form" fields={[{ name: 'name', label: 'Name', autoComplete: 'name', defaultValue: actor.name }]} />
        </Card>
        <Card title="Password">
          <ActionForm
            action={changePasswordAction}
            submitLabel="Change password"
            testId="password-form"
            fields={[
              { name: 'currentPassword', label: 'Current password', type: 'password', autoComplete: 'current-password' },
              { name: 'newPassword', label: 'New password', type: 'password', autoComplete: 'new-password', hint: `Use ${PASSWORD_RULE}.` },
              { name: 'confirmPassword', label: 'Repeat new password', type: 'password', autoComplete: 'new-password' },
            ]}
          />
        </Card>
      </div>
    </>
  );
}
