import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { makeTeam, makeUser } from '@/test/factories';
import { authorizeTeam } from './gate';

async function statusOf(work: Promise<unknown>): Promise<number> {
  try {
    await work;
    return 200;
  } catch (err) {
    if (err instanceof AppError) return err.status;
    throw err;
  }
}

describe('the gate’s status codes', () => {
  it('answers 403, not 404, when a site admin who can read a team tries what admins may not do there', async () => {
    const { team } = await makeTeam();
    const admin = { ...(await makeUser('site-admin')), isAdmin: true };
    expect(await statusOf(authorizeTeam(admin, team.id, 'team.read'))).toBe(200);
    for (const action of ['team.run', 'team.manage', 'team.share', 'team.comment'] as const) {
      const err = await authorizeTeam(admin, team.id, action).catch((e: unknown) => e);
      expect((err as AppError).status).toBe(403);
      expect((err as AppError).message).toContain(team.name);
    }
  });

  it('still answers 404 to an admin for a team that does not exist, and to a non-member for any team', async () => {
    const { team } = await makeTeam();
    const admin = { ...(await makeUser('site-admin')), isAdmin: true };
    expect(await statusOf(authorizeTeam(admin, '00000000-0000-4000-8000-000000000000', 'team.run'))).toBe(404);
    const outsider = await makeUser('outsider');
    expect(await statusOf(authorizeTeam(outsider, team.id, 'team.read'))).toBe(404);
    expect(await statusOf(authorizeTeam(outsider, team.id, 'team.run'))).toBe(404);
  });
});
