import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { makeUser } from '@/test/factories';
import { API_TOKENS_PER_USER, createApiToken, listTokens, revokeToken } from './api-tokens';

describe('API token limit', () => {
  it(`lets one user hold at most ${API_TOKENS_PER_USER} active tokens, even when asked in parallel`, async () => {
    const user = await makeUser('scripts');
    const results = await Promise.allSettled(Array.from({ length: API_TOKENS_PER_USER + 10 }, (_, i) => createApiToken(user, `token ${i}`)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(API_TOKENS_PER_USER);
    const refusal = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((refusal.reason as AppError).status).toBe(409);
    expect((refusal.reason as AppError).message).toMatch(/Revoke tokens you no longer use/);

    const [first] = await listTokens(user);
    await revokeToken(user, first.id);
    await expect(createApiToken(user, 'after revoking')).resolves.toMatchObject({ summary: { name: 'after revoking' } });
  });
});
