import { describe, expect, it } from 'vitest';
import { idRedactor } from './redact-ids';

const A = '0b6f2c1e-5d4a-4c1b-9a7e-3f2d1c0b9a8e';
const B = 'F1E2D3C4-B5A6-4978-8695-A4B3C2D1E0F9';

describe('idRedactor', () => {
  it('replaces ids in strings and keys with one alias per id, keeping joins intact', () => {
    const out = idRedactor().redact({ studyId: A, rows: [{ key: `${A}|unlearned|scrub`, runIds: [B, A] }], byKey: { [`${A}|retrain`]: 1 } });
    const text = JSON.stringify(out);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/i);
    expect(out.studyId).toBe('shared-1');
    expect(out.rows[0].key).toBe('shared-1|unlearned|scrub');
    expect(out.rows[0].runIds).toEqual(['shared-2', 'shared-1']);
    expect(Object.keys(out.byKey)).toEqual(['shared-1|retrain']);
  });

  it('keeps numbers the JSON round trip would lose, dates and text without ids', () => {
    const when = new Date('2026-01-02T03:04:05Z');
    const out = idRedactor().redact({ speedup: Infinity, gap: NaN, n: -0, when, label: 'Retrain (standard)', none: null });
    expect(out.speedup).toBe(Infinity);
    expect(out.gap).toBeNaN();
    expect(out.when).toEqual(when);
    expect(out.label).toBe('Retrain (standard)');
    expect(out.none).toBeNull();
  });

  it('gives seeded ids the first aliases, whatever order the value names them in, and leads an alias back to its id', () => {
    const redactor = idRedactor([B, A]);
    expect(redactor.redact({ first: A, second: B, other: '7c9e6679-7425-40de-944b-e07fc1f90ae7' })).toEqual({ first: 'shared-2', second: 'shared-1', other: 'shared-3' });
    expect(redactor.idOf('shared-1')).toBe(B.toLowerCase());
    expect(redactor.idOf('shared-3')).toBe('7c9e6679-7425-40de-944b-e07fc1f90ae7');
    expect(redactor.idOf('shared-4')).toBeUndefined();
  });
});
