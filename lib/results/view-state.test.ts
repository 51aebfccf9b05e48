import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compactUuid, DEFAULT_VIEW, expandUuid, parseSelection, parseViewState, rowToken, viewQuery, type ViewState } from './view-state';

describe('view state in the URL', () => {
  it('round-trips every setting: table, trade-off axis, per-class split, distribution model and seed, requests metric', () => {
    const view: ViewState = {
      cols: ['accuracy.test', 'mia.loss.auc'],
      sort: { key: 'accuracy.forget', by: 'value', dir: 'asc' },
      diff: true,
      show: 'value',
      x: 'forget-acc-gap',
      split: 'forget',
      dm: rowToken('finetune:[["epochs",3],["lr",0.01]]:r0'),
      ds: 0,
      rm: 'averageGap',
    };
    const q = viewQuery(view);
    expect(q).toContain('split=forget');
    expect(q).toContain('ds=0');
    expect(parseViewState(new URLSearchParams(q))).toEqual(view);
    // As Next.js hands search params to a page.
    expect(parseViewState(Object.fromEntries(new URLSearchParams(q)))).toEqual(view);
    expect(viewQuery(DEFAULT_VIEW)).toBe('');
    expect(parseViewState(new URLSearchParams(''))).toEqual(DEFAULT_VIEW);
  });

  it('drops values it does not know', () => {
    expect(parseViewState(new URLSearchParams('split=train&ds=x&show=all'))).toEqual(DEFAULT_VIEW);
    expect(parseViewState(new URLSearchParams('ds=1.5')).ds).toBeNull();
  });

  it('row tokens are short, stable and tell keys apart', () => {
    const keys = Array.from({ length: 500 }, (_, i) => `s${i % 7}:finetune:[["lr",${i}]]:r${i % 3}`);
    const tokens = keys.map(rowToken);
    expect(new Set(tokens).size).toBe(keys.length);
    expect(Math.max(...tokens.map((t) => t.length))).toBeLessThanOrEqual(7);
    expect(rowToken(keys[0])).toBe(tokens[0]);
  });
});

describe('comparison selections in the URL', () => {
  it('UUIDs survive the compact form', () => {
    for (let i = 0; i < 200; i++) {
      const id = randomUUID();
      const c = compactUuid(id);
      expect(c).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(expandUuid(c)).toBe(id);
    }
    expect(expandUuid('not-a-compact-uuid-at-all')).toBeNull();
  });

  it('round-trips runs and baseline, at well under two thirds of the long form’s length', () => {
    const runs = Array.from({ length: 500 }, () => randomUUID());
    const selection = { runs, baseline: runs[3] };
    const q = viewQuery({ ...DEFAULT_VIEW, split: 'retain' }, selection);
    expect(parseSelection(new URLSearchParams(q))).toEqual(selection);
    expect(parseViewState(new URLSearchParams(q)).split).toBe('retain');
    const long = `runs=${runs.join(',')}&baseline=${runs[3]}`;
    expect(q.length).toBeLessThan(long.length * 0.62);
  });

  it('still reads the long form, and ids that are not UUIDs stay readable', () => {
    const a = randomUUID();
    const b = randomUUID();
    expect(parseSelection(new URLSearchParams(`runs=${a},${b}&baseline=${b}`))).toEqual({ runs: [a, b], baseline: b });
    expect(viewQuery(DEFAULT_VIEW, { runs: ['r1', 'r2'], baseline: 'r1' })).toBe('runs=r1,r2&baseline=r1');
    expect(parseSelection(new URLSearchParams(viewQuery(DEFAULT_VIEW, { runs: [a, a, b], baseline: null })))).toEqual({ runs: [a, b], baseline: null });
  });
});
