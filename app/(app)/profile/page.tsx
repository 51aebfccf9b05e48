import { ActionForm } from '@/app/_components/ui/action-form';
import { Card, PageHeader } from '@/app/_components/ui/ui';
import { pageActor } from '@/app/_lib/page-gate';
import { PASSWORD_RULE } from '@/lib/auth/credentials';
import { listTokens } from '@/lib/auth/api-tokens';
import { listActiveSessions, SESSION_IDLE_HOURS, SESSION_MAX_DAYS } from '@/lib/auth/sessions';
import { changePasswordAction, signOutEverywhereAction, updateProfileAction } from '../actions';

export const metadata = { title: 'Profile' };

export default async function ProfilePage() {
  const actor = await pageActor();
  const activeTokens = (await listTokens(actor)).filter((t) => !t.revokedAt).length;
  const sessions = await listActiveSessions(actor.id, new Date());
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
              {
                name: 'tokens',
                label: 'Your API tokens',
                type: 'select',
                defaultValue: 'revoke',
                hint: 'Your other sessions are signed out either way. Tokens keep working after a password change unless revoked here.',
                options: [
                  { value: 'revoke', label: `Revoke my ${activeTokens} active API token${activeTokens === 1 ? '' : 's'}` },
                  { value: 'keep', label: 'Keep my API tokens working' },
                ],
              },
            ]}
          />
        </Card>
        <Card title="Sessions">
          <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400" data-testid="session-count">
            {sessions.length} active session{sessions.length === 1 ? '' : 's'} (this one included). A session ends after {SESSION_IDLE_HOURS} hours
            without use and at the latest {SESSION_MAX_DAYS} days after sign-in.
          </p>
          <ActionForm action={signOutEverywhereAction} submitLabel="Sign out everywhere" variant="secondary" testId="sign-out-everywhere" confirm="Sign out of every browser, this one included?" fields={[]} />
        </Card>
      </div>
    </>
  );
}
