'use server';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { signInSchema, signUp, signUpSchema, verifyCredentials } from '@/lib/auth/accounts';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { safeNextPath } from '@/lib/auth/safe-next';
import { sessionActor, signIn, signOut } from '@/lib/auth/next-auth';
import { endSession } from '@/lib/auth/sessions';
import { validatedAction } from '@/lib/auth/validated-action';


async function requestIp(): Promise<string | null> {
  return clientIpFrom(await headers());
}

const withNext = z.object({ next: z.string().optional() });

export const signInAction = validatedAction(signInSchema.and(withNext), async (data) => {
  // Checked here first so the form can say exactly why (rate limit, disabled account).
  await verifyCredentials(data.email, data.password, await requestIp());
  await signIn('credentials', { email: data.email, password: data.password, redirect: false });
  redirect(safeNextPath(data.next));
});

export const signUpAction = validatedAction(signUpSchema.and(withNext), async (data) => {
  await signUp(data);
  await signIn('credentials', { email: data.email, password: data.password, redirect: false });
  redirect(safeNextPath(data.next));
});

/** Ends this session in the database too, so a copy of the cookie stops working at once. */
export async function signOutAction(): Promise<void> {
  const actor = await sessionActor();
  if (actor) await endSession(actor.sessionId, actor.id);
  await signOut({ redirectTo: '/sign-in' });
}
