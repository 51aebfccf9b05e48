import { describe, expect, it } from 'vitest';
import { redactIds } from './redact-ids';

const A = '0b6f2c1e-5d4a-4c1b-9a7e-3f2d1c0b9a8e';
const B = 'F1E2D3C4-B5A6-4978-8695-A4B3C2D1E0F9';

describe('redactIds', () => {
  it('replaces ids in strings and keys with one alias per id, keeping joins intact', () => {
    const out = redactIds({ studyId: A, rows: [{ key: `${A}|unlearned|scrub`, runIds: [B, A] }], byKey: { [`${A}|retrain`]: 1 } });
    const text = JSON.stringify(out);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/i);
    expect(out.studyId).toBe('shared-1');
    expect(out.rows[0].key).toBe('shared-1|unlearned|scrub');
    expect(out.rows[0].runIds).toEqual(['shared-2', 'shared-1']);
    expect(Object.keys(out.byKey)).toEqual(['shared-1|retrain']);
  });

  it('keeps numbers the JSON round trip would lose, dates and text without ids', () => {
    const when = new Date('2026-01-02T03:04:05Z');
    const out = redactIds({ speedup: Infinity, gap: NaN, n: -0, when, label: 'Retrain (standard)', none: null });
    expect(out.speedup).toBe(Infinity);
    expect(out.gap).toBeNaN();
    expect(out.when).toEqual(when);
    expect(out.label).toBe('Retrain (standard)');
    expect(out.none).toBeNull();
  });
});
