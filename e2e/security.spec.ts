/**
 * The perimeter in a real browser: where sign-in sends you, the headers every answer carries,
 * and that a session cookie stops working once its session ends.
 * Run alone: E2E_PORT=3303 npx playwright test e2e/security.spec.ts (E2E_SERVER=dev without a build).
 */
import { expect, newUser, test } from './fixtures';

const development = process.env.E2E_SERVER === 'dev';

test.describe('security', () => {
  // Under next dev every first visit of a route compiles it.
  if (development) test.slow();
  test('sign-in never follows ?next= to another origin', async ({ page, auth, baseURL }) => {
    const user = newUser('redirect');
    await auth.signUp(user);
    await auth.expectSignedIn(user.name);
    await auth.signOut();
    const origin = new URL(baseURL!).origin;
    for (const next of ['/\\evil.example/x', '/\t/evil.example', '//evil.example/x']) {
      await auth.signIn(user.email, user.password, `/sign-in?next=${encodeURIComponent(next)}`);
      await auth.expectSignedIn(user.name);
      expect(new URL(page.url()).origin).toBe(origin);
      // Signed in already: the sign-in page redirects by itself, through the same check.
      await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
      await auth.expectSignedIn(user.name);
      expect(new URL(page.url()).origin).toBe(origin);
      await auth.signOut();
    }
    // A same-origin path is still followed.
    await auth.signIn(user.email, user.password, `/sign-in?next=${encodeURIComponent('/profile')}`);
    await expect(page).toHaveURL(/\/profile$/);
  });

  test('pages and API answers carry the security headers; Next.js scripts run under the nonce CSP', async ({ page, request }) => {
    const violations: string[] = [];
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
    });
    const res = await page.goto('/sign-in');
    const headers = res!.headers();
    const csp = headers['content-security-policy'];
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp.includes("'unsafe-eval'")).toBe(development);
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('same-origin');
    // Plain HTTP here: no HSTS (it is sent when the request arrived over HTTPS).
    expect(headers['strict-transport-security']).toBeUndefined();
    // The inline Next.js bootstrap ran (it defines self.__next_f), so the nonce reached it.
    await expect.poll(() => page.evaluate(() => Array.isArray((self as unknown as { __next_f?: unknown[] }).__next_f))).toBe(true);
    expect(violations).toEqual([]);

    const api = await request.get('/api/v1/openapi.json');
    expect(api.headers()['x-frame-options']).toBe('DENY');
    expect(api.headers()['x-content-type-options']).toBe('nosniff');
    expect(api.headers()['content-security-policy']).toContain("default-src 'none'");
  });

  test('no page can be framed, the share page included', async ({ page }) => {
    await page.goto('/sign-in');
    for (const path of ['/sign-in', `/share/shr_${'a'.repeat(43)}`]) {
      // Even the app itself may not frame its pages (frame-ancestors 'none', X-Frame-Options DENY).
      const framed = await page.evaluate(async (src) => {
        const iframe = document.createElement('iframe');
        const loaded = new Promise((resolve) => iframe.addEventListener('load', resolve, { once: true }));
        iframe.src = src;
        document.body.append(iframe);
        await loaded;
        // A refused frame holds the browser's error page, which the parent cannot read.
        const heading = iframe.contentDocument?.querySelector('h1')?.textContent ?? null;
        iframe.remove();
        return heading;
      }, path);
      expect(framed).toBeNull();
    }
  });

  test('an unknown share link answers 404 with its explanation', async ({ page }) => {
    const res = await page.goto(`/share/shr_${'b'.repeat(43)}`);
    expect(res!.status()).toBe(404);
    await expect(page.getByTestId('share-gone')).toContainText('revoked');
    expect(res!.headers()['x-frame-options']).toBe('DENY');
  });

  test('the session cookie is HttpOnly, SameSite and short-lived, and dies with sign-out', async ({ page, auth, browser, baseURL }) => {
    const user = newUser('cookie');
    await auth.signUp(user);
    await auth.expectSignedIn(user.name);
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name.endsWith('authjs.session-token'));
    expect(session).toBeDefined();
    expect(session!.httpOnly).toBe(true);
    expect(session!.sameSite).toBe('Lax');
    expect(session!.expires * 1000 - Date.now()).toBeLessThanOrEqual(7 * 86_400_000 + 60_000);

    await auth.signOut();
    // Someone who copied the cookie before sign-out replays it.
    const replay = await browser.newContext();
    await replay.addCookies(cookies);
    const me = await replay.request.get(`${baseURL}/api/v1/me`);
    expect(me.status()).toBe(401);
    const replayPage = await replay.newPage();
    await replayPage.goto(`${baseURL}/profile`);
    await expect(replayPage).toHaveURL(/\/sign-in\?next=%2Fprofile/);
    await replay.close();
  });

  test('"Sign out everywhere" and a password change end the other browsers\' sessions', async ({ page, auth, browser, baseURL }) => {
    const user = newUser('everywhere');
    await auth.signUp(user);
    await auth.expectSignedIn(user.name);
    const signInElsewhere = async () => {
      const context = await browser.newContext();
      const other = await context.newPage();
      await other.goto(`${baseURL}/sign-in`);
      await other.getByLabel('Email').fill(user.email);
      await other.getByLabel('Password').fill(user.password);
      await other.getByRole('button', { name: 'Sign in' }).click();
      await expect(other.getByTestId('profile-link')).toHaveText(user.name);
      return { context, other };
    };

    // A password change: the other browser is signed out, this one stays in.
    const laptop = await signInElsewhere();
    await page.goto('/profile');
    await expect(page.getByTestId('session-count')).toContainText('2 active sessions');
    const form = page.getByTestId('password-form');
    await form.getByLabel('Current password').fill(user.password);
    const newPassword = 'changed-password-9';
    await form.getByLabel('New password', { exact: true }).fill(newPassword);
    await form.getByLabel('Repeat new password').fill(newPassword);
    await form.getByLabel('Your API tokens').selectOption('keep');
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect(form.getByRole('status')).toContainText('1 other session signed out');
    expect((await laptop.context.request.get(`${baseURL}/api/v1/me`)).status()).toBe(401);
    await page.reload();
    await auth.expectSignedIn(user.name);
    await laptop.context.close();

    // Sign out everywhere: both browsers end up signed out.
    user.password = newPassword;
    const phone = await signInElsewhere();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('sign-out-everywhere').getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    expect((await phone.context.request.get(`${baseURL}/api/v1/me`)).status()).toBe(401);
    expect((await page.request.get('/api/v1/me')).status()).toBe(401);
    await phone.context.close();
  });
});
