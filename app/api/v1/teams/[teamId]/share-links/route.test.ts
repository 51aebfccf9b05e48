/**
 * Share links: who may create them, the one-time URL, resolution without any credentials, and
 * that revoking or expiring stops the link; both changes are audited.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { listAudit } from '@/db/queries/audit';
import { shareLinks } from '@/db/schema';
import { PEER_ADDRESS_HEADER } from '@/lib/auth/client-ip';
import { SHARE_LINKS_PER_TARGET } from '@/lib/reviews/service';
import { callRoute, makeTeam, tokenFor } from '@/test/factories';
import { teamWithStudy } from '../../../comments/test-fixture';
import { DELETE as revoke } from '../../../share-links/[linkId]/route';
import { GET as shared } from '../../../shared/[token]/route';
import { GET, POST } from './route';

let ctx: Awaited<ReturnType<typeof teamWithStudy>>;
let outsider: string;

beforeAll(async () => {
  // One reverse proxy in front of the app (its socket address is the peer, 10.0.0.1).
  process.env.LETHE_TRUSTED_PROXIES = '1';
  ctx = await teamWithStudy();
  outsider = await tokenFor((await makeTeam()).owner);
}, 120_000);

type LinkJson = { id: string; status: string; targetType: string; targetId: string; targetName: string; expiresAt: string | null };

async function create(token: string, body: Record<string, unknown>) {
  // Behind the one trusted proxy, the client's address is the entry the proxy appended; the
  // first entry is whatever the client sent and is not believed.
  return callRoute(POST, {
    method: 'POST',
    token,
    params: { teamId: ctx.team.id },
    body,
    url: 'http://lethe.test/api/v1/teams/x/share-links',
    headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.7', [PEER_ADDRESS_HEADER]: '10.0.0.1' },
  });
}

const tokenOf = (url: string) => url.split('/share/')[1];

describe('share links', () => {
  it('a reviewer may not create one (403); an outsider gets 404', async () => {
    const res = await create(ctx.tokens.reviewer, { targetType: 'study', targetId: ctx.studyId });
    expect(res.status).toBe(403);
    expect((await create(outsider, { targetType: 'study', targetId: ctx.studyId })).status).toBe(404);
    expect((await callRoute(GET, { token: ctx.tokens.reviewer, params: { teamId: ctx.team.id } })).status).toBe(403);
  });

  it("refuses another team's study as target (404) and a past expiry (422)", async () => {
    const other = await makeTeam();
    const foreign = await callRoute(POST, { method: 'POST', token: await tokenFor(other.owner), params: { teamId: other.team.id }, body: { targetType: 'study', targetId: ctx.studyId } });
    expect(foreign.status).toBe(404);
    expect((await create(ctx.tokens.owner, { targetType: 'study', targetId: ctx.studyId, expiresAt: '2001-01-01T00:00:00Z' })).status).toBe(422);
  });

  it('resolves without credentials, shows only that study, and stops after revoke; both are audited', async () => {
    const created = await create(ctx.tokens.researcher, { targetType: 'study', targetId: ctx.studyId });
    expect(created.status).toBe(201);
    const url = created.body.url as string;
    expect(url).toMatch(/^http:\/\/lethe\.test\/share\/shr_[A-Za-z0-9_-]{43}$/);
    const link = created.body.shareLink as LinkJson;
    expect(link).toMatchObject({ status: 'active', targetType: 'study', targetName: 'Reviewed study' });

    const seen = await callRoute(shared, { params: { token: tokenOf(url) } });
    expect(seen.status).toBe(200);
    const view = seen.body.shared as Record<string, unknown>;
    expect(view).toMatchObject({ kind: 'study', name: 'Reviewed study' });
    // Nothing that points into the team: no ids, no member addresses.
    const text = JSON.stringify(view);
    expect(text).not.toContain(ctx.team.id);
    expect(text).not.toContain(ctx.actors.owner.email);
    const db = await getDb();
    const [row] = await db.select().from(shareLinks).where(eq(shareLinks.id, link.id));
    expect(row.lastUsedAt).not.toBeNull();
    expect(row.tokenHash).not.toContain(tokenOf(url));
    // Uses within the same minute (a page's image grid) are recorded once.
    expect((await callRoute(shared, { params: { token: tokenOf(url) } })).status).toBe(200);
    const [again] = await db.select().from(shareLinks).where(eq(shareLinks.id, link.id));
    expect(again.lastUsedAt).toEqual(row.lastUsedAt);

    const listed = (await callRoute(GET, { token: ctx.tokens.owner, params: { teamId: ctx.team.id } })).body.shareLinks as LinkJson[];
    expect(listed.find((l) => l.id === link.id)?.status).toBe('active');
    expect(JSON.stringify(listed)).not.toContain(tokenOf(url));

    expect((await callRoute(revoke, { method: 'DELETE', token: ctx.tokens.reviewer, params: { linkId: link.id } })).status).toBe(403);
    expect((await callRoute(revoke, { method: 'DELETE', token: outsider, params: { linkId: link.id } })).status).toBe(404);
    const revoked = await callRoute(revoke, { method: 'DELETE', token: ctx.tokens.owner, params: { linkId: link.id }, headers: { [PEER_ADDRESS_HEADER]: '198.51.100.4' } });
    expect(revoked.status).toBe(200);
    expect((revoked.body.shareLink as LinkJson).status).toBe('revoked');
    expect((await callRoute(revoke, { method: 'DELETE', token: ctx.tokens.owner, params: { linkId: link.id } })).status).toBe(409);

    const after = await callRoute(shared, { params: { token: tokenOf(url) } });
    expect(after.status).toBe(404);
    const unknown = await callRoute(shared, { params: { token: 'shr_' + 'a'.repeat(43) } });
    expect((after.body.error as { message: string }).message).toBe((unknown.body.error as { message: string }).message);

    const audit = await listAudit({ teamId: ctx.team.id });
    const created_ = audit.find((e) => e.action === 'share.created' && e.details.shareLinkId === link.id);
    const revoked_ = audit.find((e) => e.action === 'share.revoked' && e.details.shareLinkId === link.id);
    expect(created_).toMatchObject({ targetType: 'study', targetId: ctx.studyId, actorEmail: ctx.actors.researcher.email, details: { expiresAt: null }, ip: '203.0.113.7' });
    expect(revoked_).toMatchObject({ targetType: 'study', targetId: ctx.studyId, actorEmail: ctx.actors.owner.email, ip: '198.51.100.4' });
  });

  it('stops after its expiry, with the same message', async () => {
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    const created = await create(ctx.tokens.owner, { targetType: 'comparison', targetId: ctx.comparisonId, expiresAt });
    expect(created.status).toBe(201);
    const token = tokenOf(created.body.url as string);
    const seen = await callRoute(shared, { params: { token } });
    expect(seen.status).toBe(200);
    expect(seen.body.shared).toMatchObject({ kind: 'comparison', name: 'Saved comparison' });
    const audit = await listAudit({ teamId: ctx.team.id });
    expect(audit.find((e) => e.action === 'share.created' && e.targetId === ctx.comparisonId)?.details.expiresAt).toBe(expiresAt.replace(/Z$/, 'Z'));
    // Expire it now, as the clock would.
    const db = await getDb();
    const id = (created.body.shareLink as LinkJson).id;
    await db.update(shareLinks).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(shareLinks.id, id));
    const after = await callRoute(shared, { params: { token } });
    expect(after.status).toBe(404);
    const listed = (await callRoute(GET, { token: ctx.tokens.owner, params: { teamId: ctx.team.id }, url: `http://lethe.test/api/v1/teams/x/share-links?targetType=comparison&targetId=${ctx.comparisonId}` })).body.shareLinks as LinkJson[];
    expect(listed.map((l) => l.status)).toEqual(['expired']);
  });

  it(`allows at most ${SHARE_LINKS_PER_TARGET} working links per study; revoking one makes room`, async () => {
    const fresh = await teamWithStudy();
    const make = () =>
      callRoute(POST, { method: 'POST', token: fresh.tokens.owner, params: { teamId: fresh.team.id }, body: { targetType: 'study', targetId: fresh.studyId } });
    const ids: string[] = [];
    for (let i = 0; i < SHARE_LINKS_PER_TARGET; i++) {
      const res = await make();
      expect(res.status).toBe(201);
      ids.push((res.body.shareLink as LinkJson).id);
    }
    const refused = await make();
    expect(refused.status).toBe(409);
    expect((refused.body.error as { message: string }).message).toMatch(/already has 20 working share links/);
    expect((await callRoute(revoke, { method: 'DELETE', token: fresh.tokens.owner, params: { linkId: ids[0] } })).status).toBe(200);
    expect((await make()).status).toBe(201);
  }, 120_000);
});
