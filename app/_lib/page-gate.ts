/**
 * The gate for pages: the same lib/auth checks, rendered the page way. Signed out goes to
 * sign-in (and comes back), 404 renders not-found, 403 renders app/forbidden.tsx.
 */
import 'server-only';
import { cache } from 'react';
import { forbidden, notFound, redirect } from 'next/navigation';
import { headers } from 'next/headers';
import type { Actor } from '@/lib/auth/actor';
import { authorizeTeam, requireAdmin, type TeamAccess } from '@/lib/auth/gate';
import { sessionActor } from '@/lib/auth/next-auth';
import type { TeamAction } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';

async function currentPath(): Promise<string> {
  const h = await headers();
  return h.get('x-lethe-path') ?? '/';
}

/**
 * The signed-in actor of this request. The layouts and the page each ask (three times on a team
 * page): cache() makes that one session check and one user read per request, not three.
 */
export const pageActor = cache(async (): Promise<Actor> => {
  const actor = await sessionActor();
  if (!actor) redirect(`/sign-in?next=${encodeURIComponent(await currentPath())}`);
  return actor;
});

function renderError(err: unknown): never {
  if (err instanceof AppError) {
    if (err.code === 'not_found') notFound();
    if (err.code === 'forbidden') forbidden();
  }
  throw err;
}

/** Runs a service call for a page: its 404 renders not-found (also for another team's data), its 403 forbidden. */
export async function orPageError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    renderError(err);
  }
}

/** The team layout and its page check the same team and action: once per request (cache()). */
export const pageTeam = cache(async (teamId: string, action: TeamAction): Promise<TeamAccess> => {
  const actor = await pageActor();
  try {
    return await authorizeTeam(actor, teamId, action);
  } catch (err) {
    renderError(err);
  }
});

export async function pageAdmin(): Promise<Actor> {
  const actor = await pageActor();
  try {
    return requireAdmin(actor);
  } catch (err) {
    renderError(err);
  }
}
