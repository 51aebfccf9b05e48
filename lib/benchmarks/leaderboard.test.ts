import { describe, expect, it } from 'vitest';
import { rankLabel, rankLeaderboard, type LeaderboardCandidate } from './leaderboard';

const line = (id: string, mean: number | null, low: number | null, high: number | null, unranked: string | null = null): LeaderboardCandidate => ({
  id,
  label: id.toUpperCase(),
  stat: { n: 3, mean, ciLow: low, ciHigh: high },
  unranked,
});

describe('rankLeaderboard', () => {
  it('ranks separated intervals strictly, lower first', () => {
    const out = rankLeaderboard([line('b', 0.2, 0.18, 0.22), line('a', 0.05, 0.04, 0.06), line('c', 0.5, 0.45, 0.55)], 'lower');
    expect(out.map((l) => [l.id, l.rank, l.tied])).toEqual([
      ['a', 1, false],
      ['b', 2, false],
      ['c', 3, false],
    ]);
    expect(out.every((l) => l.overlaps.length === 0)).toBe(true);
    expect(out.map(rankLabel)).toEqual(['1', '2', '3']);
  });

  it('gives overlapping intervals one shared rank and names the overlap, whatever the means', () => {
    // A [0, 2] and B [1, 3] overlap; C [5, 6] is clearly behind both.
    const out = rankLeaderboard([line('c', 5.5, 5, 6), line('b', 2, 1, 3), line('a', 1, 0, 2)], 'lower');
    expect(out.map((l) => [l.id, l.rank, l.tied])).toEqual([
      ['a', 1, true],
      ['b', 1, true],
      ['c', 3, false],
    ]);
    expect(out.find((l) => l.id === 'a')?.overlaps).toEqual(['B']);
    expect(out.find((l) => l.id === 'c')?.overlaps).toEqual([]);
    expect(out.map(rankLabel)).toEqual(['=1', '=1', '3']);
  });

  it('counts only clear wins: a chain of overlaps does not make an order', () => {
    // A [0, 2], B [1.5, 3.5], C [3, 6]: A and C are apart, B overlaps both.
    const out = rankLeaderboard([line('a', 1, 0, 2), line('b', 2.5, 1.5, 3.5), line('c', 4.5, 3, 6)], 'lower');
    expect(out.map((l) => [l.id, l.rank])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 2],
    ]);
    expect(out.find((l) => l.id === 'b')?.overlaps).toEqual(['A', 'C']);
    expect(out.find((l) => l.id === 'c')?.overlaps).toEqual(['B']);
  });

  it('ranks higher-is-better criteria the other way; touching intervals overlap', () => {
    const out = rankLeaderboard([line('a', 0.9, 0.88, 0.92), line('b', 0.95, 0.92, 0.97), line('c', 0.7, 0.6, 0.8)], 'higher');
    expect(out.map((l) => [l.id, l.rank, l.tied])).toEqual([
      ['b', 1, true],
      ['a', 1, true],
      ['c', 3, false],
    ]);
  });

  it('lists lines without the criterion’s interval after the ranked ones, with the reason', () => {
    const out = rankLeaderboard([line('x', null, null, null), line('a', 0.1, 0.1, 0.1), line('m', 0.01, 0, 0.02, 'Seed 2 of the recipe is not scored.')], 'lower');
    expect(out.map((l) => [l.id, l.rank])).toEqual([
      ['a', 1],
      ['x', null],
      ['m', null],
    ]);
    expect(out[2].unranked).toBe('Seed 2 of the recipe is not scored.');
    expect(out[1].unranked).toMatch(/interval/);
    expect(rankLabel(out[1])).toBe('—');
  });

  it('identical degenerate intervals tie', () => {
    const out = rankLeaderboard([line('a', 0, 0, 0), line('b', 0, 0, 0)], 'lower');
    expect(out.map((l) => rankLabel(l))).toEqual(['=1', '=1']);
  });
});
