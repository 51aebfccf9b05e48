import { describe, expect, it } from 'vitest';
import { revokeToken, listTokens } from '@/lib/auth/api-tokens';
import { callRoute, makeTeam, tokenFor } from '@/test/factories';
import { GET } from './route';

describe('GET /api/v1/me', () => {
  it('returns the user and their teams with roles', async () => {
    const { team, members } = await makeTeam(['reviewer']);
    const res = await callRoute(GET, { token: await tokenFor(members.reviewer) });
    expect(res.status).toBe(200);
    expect(res.body.teams).toEqual([{ id: team.id, name: team.name, role: 'reviewer' }]);
  });

  it('refuses a missing, malformed, unknown or revoked token with 401', async () => {
    const { owner } = await makeTeam();
    expect((await callRoute(GET)).status).toBe(401);
    expect((await callRoute(GET, { headers: { authorization: 'Token abc' } })).status).toBe(401);
    expect((await callRoute(GET, { token: 'lethe_short' })).status).toBe(401);
    expect((await callRoute(GET, { token: 'lethe_' + 'A'.repeat(43) })).status).toBe(401);
    const token = await tokenFor(owner);
    expect((await callRoute(GET, { token })).status).toBe(200);
    const [summary] = await listTokens(owner);
    await revokeToken(owner, summary.id);
    const res = await callRoute(GET, { token });
    expect(res.status).toBe(401);
    expect((res.body.error as { message: string }).message).toMatch(/revoked/);
  });
});
