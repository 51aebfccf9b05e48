import { expect, newUser, otherPerson, test } from './fixtures';
import { TokensPage } from './pages/tokens-page';

test.describe('foundation', () => {
  test('the seeded demo admin signs in with the README credentials and sees the admin page', async ({ page, auth }) => {
    await auth.signIn('admin@lethe.local', 'lethe-demo-1');
    await auth.expectSignedIn('Demo Admin');
    await expect(page.getByTestId('team-name')).toHaveText('Demo lab');
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Site administration' })).toBeVisible();
    await expect(page.getByTestId('user-admin@lethe.local')).toBeVisible();
    // Every page names the app's icon, and the icon is served without signing in.
    const iconHref = await page.locator('link[rel="icon"]').first().getAttribute('href');
    expect(iconHref).toMatch(/^\/icon\.svg/);
    const icon = await page.request.get(iconHref as string);
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toContain('image/svg+xml');
  });

  test('sign-up refuses bad input inline and keeps what was typed', async ({ page, auth }) => {
    const user = newUser('weak');
    await auth.signUp({ ...user, password: 'short' });
    await expect(page.getByText('Password must be at least 10 characters')).toBeVisible();
    await expect(page.getByLabel('Email')).toHaveValue(user.email);
    await auth.signUp({ ...user, email: 'not-an-email' });
    await expect(page.getByText('Enter a valid email address')).toBeVisible();
  });

  test('owner invites a reviewer who cannot act beyond their role until promoted; tokens work until revoked', async ({ page, auth, team, tokens, browser, request }) => {
    const owner = newUser('owner');
    await auth.signUp(owner);
    await auth.expectSignedIn(owner.name);
    const teamId = await team.create('Unlearning lab');
    const reviewerUser = newUser('reviewer');
    const link = await team.invite(teamId, reviewerUser.email, 'reviewer');

    // The reviewer follows the link in their own browser, signs up from there, and joins.
    const reviewer = await otherPerson(browser);
    await reviewer.page.goto(link);
    await expect(reviewer.page.getByText('as reviewer')).toBeVisible();
    await reviewer.page.getByRole('link', { name: 'Create an account' }).click();
    await reviewer.page.waitForURL(/\/sign-up\?next=/);
    await reviewer.auth.signUp(reviewerUser, reviewer.page.url());
    await reviewer.page.getByRole('button', { name: 'Join Unlearning lab' }).click();
    await expect(reviewer.page.getByTestId('team-name')).toHaveText('Unlearning lab');

    // The link worked once.
    await reviewer.page.goto(link);
    await expect(reviewer.page.getByText('already been used')).toBeVisible();

    // UI: a reviewer sees no invite form and gets 403 on the owner-only audit page.
    await reviewer.page.goto(`/teams/${teamId}/members`);
    await expect(reviewer.page.getByTestId(`member-${reviewerUser.email}`)).toBeVisible();
    await expect(reviewer.page.getByTestId('invite-form')).toHaveCount(0);
    const audit = await reviewer.page.goto(`/teams/${teamId}/audit`);
    expect(audit?.status()).toBe(403);
    await expect(reviewer.page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();

    // API: the same gate refuses the reviewer with 403 in the error shape.
    const reviewerTokens = new TokensPage(reviewer.page);
    const token = await reviewerTokens.create('reviewer script');
    const refused = await request.post(`/api/v1/teams/${teamId}/invitations`, {
      headers: { authorization: `Bearer ${token}` },
      data: { email: 'someone@example.org', role: 'researcher' },
    });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.code).toBe('forbidden');

    // The owner promotes the reviewer; the API reflects it at once.
    await team.changeRole(teamId, reviewerUser.email, 'owner');
    const me = await request.get('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
    expect((await me.json()).teams).toEqual([{ id: teamId, name: 'Unlearning lab', role: 'owner' }]);
    const allowed = await request.post(`/api/v1/teams/${teamId}/invitations`, {
      headers: { authorization: `Bearer ${token}` },
      data: { email: 'someone@example.org', role: 'researcher' },
    });
    expect(allowed.status()).toBe(201);

    // Revoking the token in the UI stops it working.
    await reviewerTokens.revoke('reviewer script');
    const after = await request.get('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
    expect(after.status()).toBe(401);
    await reviewer.close();

    // The owner's own token works too, and another team's members are invisible (404).
    const ownerToken = await tokens.create('owner script');
    const outsider = await request.get(`/api/v1/teams/00000000-0000-0000-0000-000000000000/members`, { headers: { authorization: `Bearer ${ownerToken}` } });
    expect(outsider.status()).toBe(404);
    await page.goto(`/teams/${teamId}/audit`);
    await expect(page.getByText('member.role_changed')).toBeVisible();
  });
});
