import { describe, expect, it } from 'vitest';
import { METHODS } from './registry';

describe('method settings have sane ranges', () => {
  it('refuses 1e308 for every numeric setting of every unlearning method', () => {
    for (const method of METHODS) {
      const defaults = method.configSchema.parse({}) as Record<string, unknown>;
      for (const [key, value] of Object.entries(defaults)) {
        if (typeof value !== 'number') continue;
        const parsed = method.configSchema.safeParse({ ...defaults, [key]: 1e308 });
        expect(parsed.success, `${method.id}.${key} accepted 1e308`).toBe(false);
      }
    }
  });
});
