import { describe, expect, it } from 'vitest';
import { adminChangeUser, SIGN_IN_LIMIT } from '@/lib/auth/accounts';
import { callRoute, makeUser, TEST_PASSWORD } from '@/test/factories';
import { GET as me } from '../../me/route';
import { POST } from './route';

describe('POST /api/v1/auth/token', () => {
  it('returns a working token for the right password', async () => {
    const user = await makeUser('scripts');
    const res = await callRoute(POST, { method: 'POST', body: { email: user.email.toUpperCase(), password: TEST_PASSWORD } });
    expect(res.status).toBe(201);
    expect(String(res.body.token)).toMatch(/^lethe_/);
    const who = await callRoute(me, { token: String(res.body.token) });
    expect(who.status).toBe(200);
    expect((who.body.user as { email: string }).email).toBe(user.email);
  });

  it('answers 401 in the error shape for a wrong password', async () => {
    const user = await makeUser();
    const res = await callRoute(POST, { method: 'POST', body: { email: user.email, password: 'wrong-password-1' } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'unauthorized', message: 'Wrong email or password.', details: {} } });
  });

  it('answers 400 for a body that is not JSON and 422 naming the field for an invalid email', async () => {
    expect((await callRoute(POST, { method: 'POST', rawBody: '{nope' })).status).toBe(400);
    const res = await callRoute(POST, { method: 'POST', body: { email: 'not-an-email', password: 'x' } });
    expect(res.status).toBe(422);
    const err = res.body.error as { details: { issues: Array<{ field: string }> } };
    expect(err.details.issues[0].field).toBe('email');
  });

  it('refuses a disabled account with 403', async () => {
    const admin = await makeUser('admin');
    const user = await makeUser('disabled');
    await adminChangeUser({ ...admin, isAdmin: true }, { userId: user.id, change: 'disable' });
    const res = await callRoute(POST, { method: 'POST', body: { email: user.email, password: TEST_PASSWORD } });
    expect(res.status).toBe(403);
    expect((res.body.error as { message: string }).message).toMatch(/disabled/);
  });

  it('slows down repeated failures for one account with 429, even with the right password', async () => {
    const user = await makeUser('target');
    for (let i = 0; i <= SIGN_IN_LIMIT.freeAccountFailures; i++) {
      expect((await callRoute(POST, { method: 'POST', body: { email: user.email, password: `wrong-${i}-password` } })).status).toBe(401);
    }
    const res = await callRoute(POST, { method: 'POST', body: { email: user.email, password: TEST_PASSWORD } });
    expect(res.status).toBe(429);
    expect(Number((res.body.error as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds)).toBeGreaterThan(0);
  });
});
