import Link from 'next/link';
import { ActionForm } from '@/app/_components/ui/action-form';
import { LinkButton } from '@/app/_components/ui/ui';
import { sessionActor } from '@/lib/auth/next-auth';
import { describeInvitation, invitationRecipientProblem } from '@/lib/auth/teams';
import { acceptInviteAction } from '../../(app)/actions';

export const metadata = { title: 'Invitation' };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [{ invitation, problem }, actor] = await Promise.all([describeInvitation(token), sessionActor()]);
  const here = `/invite/${token}`;
  const recipientProblem = invitation && actor ? invitationRecipientProblem(invitation, actor) : null;
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-md rounded-lg border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h1 className="text-lg font-semibold">Team invitation</h1>
        {problem || !invitation ? (
          <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400">
            {problem?.message}
          </p>
        ) : (
          <>
            <p className="mt-3 text-sm">
              {invitation.inviterEmail} invited <strong>{invitation.email}</strong> to join <strong>{invitation.teamName}</strong> as{' '}
              <strong>{invitation.role}</strong>.{' '}
              {invitation.open ? 'Anyone with this link may accept it.' : `Only an account with the address ${invitation.email} may accept it.`}
            </p>
            <div className="mt-5">
              {actor ? (
                <>
                  <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">You are signed in as {actor.email}.</p>
                  {recipientProblem ? (
                    <p role="alert" className="text-sm text-red-700 dark:text-red-400">
                      {recipientProblem.message}
                    </p>
                  ) : (
                    <ActionForm action={acceptInviteAction} submitLabel={`Join ${invitation.teamName}`} fields={[{ name: 'token', label: '', type: 'hidden', defaultValue: token }]} />
                  )}
                </>
              ) : (
                <div className="flex gap-2">
                  <LinkButton href={`/sign-up?next=${encodeURIComponent(here)}`}>Create an account</LinkButton>
                  <LinkButton variant="secondary" href={`/sign-in?next=${encodeURIComponent(here)}`}>
                    Sign in
                  </LinkButton>
                </div>
              )}
            </div>
          </>
        )}
        <p className="mt-6 text-xs text-zinc-500">
          <Link href="/" className="underline">
            Back to Lethe
          </Link>
        </p>
      </div>
    </main>
  );
}
