/** Builders for integration tests: real rows through the real service functions. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { actorFromUser, type Actor } from '@/lib/auth/actor';
import { signUp } from '@/lib/auth/accounts';
import { createApiToken } from '@/lib/auth/api-tokens';
import { acceptInvitation, createTeam, inviteMember } from '@/lib/auth/teams';
import { createScenario } from '@/lib/datasets/scenarios';
import { createDataset, parseUploadOptions } from '@/lib/datasets/service';
import type { TeamRole } from '@/db/schema';

export const TEST_PASSWORD = 'correct-horse-42';

export function uniqueEmail(label = 'user'): string {
  return `${label}-${crypto.randomBytes(5).toString('hex')}@example.org`;
}

export async function makeUser(label = 'user'): Promise<Actor> {
  const user = await signUp({ email: uniqueEmail(label), name: label, password: TEST_PASSWORD });
  const actor = actorFromUser(user, 'session');
  if (!actor) throw new Error('new user unexpectedly disabled');
  return actor;
}

/** A team with an owner and, for each requested role, one more member who joined by invite. */
export async function makeTeam(roles: TeamRole[] = []) {
  const owner = await makeUser('owner');
  const team = await createTeam(owner, `Team ${crypto.randomBytes(3).toString('hex')}`);
  const members: Record<string, Actor> = {};
  for (const role of roles) {
    const member = await makeUser(role);
    const { token } = await inviteMember(owner, team.id, { email: member.email, role });
    await acceptInvitation(member, token);
    members[role] = member;
  }
  return { team, owner, members };
}

export async function tokenFor(actor: Actor): Promise<string> {
  return (await createApiToken({ ...actor, via: 'token' }, 'test')).token;
}

/** Calls a route handler the way Next.js does, with a Bearer token and JSON body. */
export async function callRoute<P>(
  handler: (req: Request, ctx: { params: Promise<P> }) => Promise<Response>,
  options: { method?: string; token?: string; body?: unknown; rawBody?: string; params?: P; url?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined || options.rawBody !== undefined) headers['content-type'] = 'application/json';
  const req = new Request(options.url ?? 'http://localhost:3000/api/v1/test', {
    method: options.method ?? 'GET',
    headers,
    body: options.rawBody ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
  });
  const res = await handler(req, { params: Promise.resolve((options.params ?? {}) as P) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const IRIS_CSV = path.resolve(import.meta.dirname, '../db/seed-data/iris.csv');

/** The seeded iris CSV uploaded to `team` by its owner, and a usability scenario forgetting the class setosa. */
export async function irisForgetSetosa(owner: Actor, team: { id: string; name: string }) {
  const access = { actor: owner, teamId: team.id, teamName: team.name, role: 'owner' as const };
  const dataset = await createDataset(access, parseUploadOptions({ name: 'Iris' }), [{ role: 'file', name: 'iris.csv', source: [fs.readFileSync(IRIS_CSV)] }]);
  const scenario = await createScenario(owner, dataset.id, { name: 'Forget setosa', category: 'usability', seed: 1, selector: { kind: 'class', classes: ['setosa'] } });
  return { access, dataset, scenario };
}
