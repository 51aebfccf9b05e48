import Link from 'next/link';
import { ActionForm } from '@/app/_components/ui/action-form';
import { PASSWORD_RULE } from '@/lib/auth/credentials';
import { inviteTokenOf } from '@/lib/auth/safe-next';
import { invitationForSignUp } from '@/lib/auth/teams';
import { signUpAction } from '../actions';
import { InvitationNote } from '../invitation-note';

export const metadata = { title: 'Create an account' };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  // Reached from an invite link: say who invited whom, and pre-fill the invited address.
  const invitation = await invitationForSignUp(inviteTokenOf(next));
  return (
    <>
      <h1 className="mb-4 text-lg font-semibold">Create an account</h1>
      {invitation ? <InvitationNote invitation={invitation} action="Create an account" /> : null}
      <ActionForm
        action={signUpAction}
        submitLabel="Create account"
        pendingLabel="Creating…"
        fields={[
          { name: 'name', label: 'Name', autoComplete: 'name', required: true },
          { name: 'email', label: 'Email', type: 'email', autoComplete: 'email', required: true, defaultValue: invitation?.email },
          { name: 'password', label: 'Password', type: 'password', autoComplete: 'new-password', hint: `Use ${PASSWORD_RULE}.`, required: true },
          { name: 'next', label: '', type: 'hidden', defaultValue: next ?? '/' },
        ]}
      />
      <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">
        Already have an account?{' '}
        <Link className="text-brand-600 underline" href={`/sign-in${next ? `?next=${encodeURIComponent(next)}` : ''}`}>
          Sign in
        </Link>
      </p>
    </>
  );
}
