import Link from 'next/link';
import { redirect } from 'next/navigation';
import { ActionForm } from '@/app/_components/ui/action-form';
import { sessionActor } from '@/lib/auth/next-auth';
import { inviteTokenOf, safeNextPath } from '@/lib/auth/safe-next';
import { invitationForSignUp } from '@/lib/auth/teams';
import { signInAction } from '../actions';
import { InvitationNote } from '../invitation-note';

export const metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  if (await sessionActor()) redirect(safeNextPath(next));
  const invitation = await invitationForSignUp(inviteTokenOf(next));
  return (
    <>
      <h1 className="mb-4 text-lg font-semibold">Sign in</h1>
      {invitation ? <InvitationNote invitation={invitation} action="Sign in" /> : null}
      <ActionForm
        action={signInAction}
        submitLabel="Sign in"
        pendingLabel="Signing in…"
        fields={[
          { name: 'email', label: 'Email', type: 'email', autoComplete: 'email', required: true, defaultValue: invitation?.email },
          { name: 'password', label: 'Password', type: 'password', autoComplete: 'current-password', required: true },
          { name: 'next', label: '', type: 'hidden', defaultValue: next ?? '/' },
        ]}
      />
      <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">
        New here?{' '}
        <Link className="text-brand-600 underline" href={`/sign-up${next ? `?next=${encodeURIComponent(next)}` : ''}`}>
          Create an account
        </Link>
      </p>
    </>
  );
}
