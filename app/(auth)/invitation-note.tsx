import type { SignUpInvitation } from '@/lib/auth/teams';

/** Above the sign-up and sign-in forms when they were reached from an invite link. */
export function InvitationNote({ invitation, action }: { invitation: SignUpInvitation; action: 'Create an account' | 'Sign in' }) {
  return (
    <p className="mb-4 rounded-md bg-brand-50 p-3 text-sm text-zinc-800 dark:bg-blue-950 dark:text-zinc-100" data-testid="invitation-note">
      {invitation.inviterEmail} invited <strong>{invitation.email}</strong> to join <strong>{invitation.teamName}</strong> as {invitation.role}.{' '}
      {invitation.open
        ? `${action} with any address to accept; the invited one is filled in.`
        : `${action} with ${invitation.email} to accept: only that address can.`}
    </p>
  );
}
