import { describe, expect, it } from 'vitest';
import { buildRequests } from './requests';
import { resolveScenario } from './resolve';
import { buildTabularDataset, catchScenarioError } from './test-fixtures';

const forget = Int32Array.from({ length: 100 }, (_, i) => i * 3);
const isNested = (requests: Int32Array[]) =>
  requests.every((r, i) => i === 0 || Array.from(requests[i - 1]).every((row) => r.includes(row)));
const isSorted = (r: Int32Array) => r.every((row, i) => i === 0 || row > r[i - 1]);

describe('buildRequests', () => {
  it('none: one request, the whole forget set', () => {
    expect(buildRequests(forget, { kind: 'none' }, 1).map((r) => Array.from(r))).toEqual([Array.from(forget)]);
  });

  it('slices: k cumulative, nested, near-equal requests ending with the whole forget set', () => {
    const requests = buildRequests(forget, { kind: 'slices', count: 3 }, 1);
    expect(requests.map((r) => r.length)).toEqual([33, 67, 100]);
    expect(isNested(requests)).toBe(true);
    expect(requests.every(isSorted)).toBe(true);
    expect(Array.from(requests[2])).toEqual(Array.from(forget));
  });

  it('growing: cumulative fractions of the forget set, nested', () => {
    const requests = buildRequests(forget, { kind: 'growing', fractions: [0.01, 0.05, 0.1, 0.2] }, 1);
    expect(requests.map((r) => r.length)).toEqual([1, 5, 10, 20]);
    expect(isNested(requests)).toBe(true);
    expect(requests.every(isSorted)).toBe(true);
    for (const r of requests) for (const row of r) expect(forget).toContain(row);
  });

  it('is seeded: same seed same order, another seed another order', () => {
    const a = buildRequests(forget, { kind: 'growing', fractions: [0.1, 1] }, 1);
    expect(buildRequests(forget, { kind: 'growing', fractions: [0.1, 1] }, 1)).toEqual(a);
    expect(Array.from(buildRequests(forget, { kind: 'growing', fractions: [0.1, 1] }, 2)[0])).not.toEqual(Array.from(a[0]));
  });

  it('refuses more slices than forget rows, and fractions too close to add rows', () => {
    const small = Int32Array.from([1, 2, 3]);
    const slices = catchScenarioError(() => buildRequests(small, { kind: 'slices', count: 4 }, 1));
    expect(slices.code).toBe('requests_too_fine');
    expect(slices.details.field).toBe('requests.count');
    const growing = catchScenarioError(() => buildRequests(forget, { kind: 'growing', fractions: [0.01, 0.012] }, 1));
    expect(growing.code).toBe('requests_too_fine');
    expect(growing.details.field).toBe('requests.fractions[1]');
  });

  it('is part of resolveScenario', () => {
    const ds = buildTabularDataset();
    const res = resolveScenario(ds, {
      category: 'privacy',
      seed: 4,
      selector: { kind: 'randomSubjects', count: 5 },
      requests: { kind: 'slices', count: 4 },
    });
    expect(res.requests).toHaveLength(4);
    expect(isNested(res.requests)).toBe(true);
    expect(Array.from(res.requests[3])).toEqual(Array.from(res.forgetRows));
  });
});
