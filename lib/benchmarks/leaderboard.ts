/**
 * Ranking a benchmark's leaderboard by its criterion without claiming more than the intervals
 * support. A line's rank is 1 + the number of lines whose 95% interval lies entirely on the
 * better side of its own (no overlap): lines whose intervals overlap cannot be told apart and
 * share a rank ("competition" ranking over clear wins only). With intervals A [0, 2],
 * B [1, 3], C [5, 6] (lower is better), A and B are both 1 and C is 3. Lines are listed by rank,
 * then by mean, and each says which others its interval overlaps. Lines without the criterion's
 * mean and interval (a seed of the recipe not scored, a metric missing) are listed after, not
 * ranked, with the reason. Pure.
 */
import type { BenchmarkDirection } from './recipe';

export interface CriterionStat {
  n: number;
  mean: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

export interface LeaderboardCandidate {
  id: string;
  label: string;
  stat: CriterionStat | null;
  /** Why the line cannot be ranked even if it has numbers (e.g. seeds missing); null when it can. */
  unranked: string | null;
}

export interface RankedLine {
  id: string;
  /** 1-based; equal for lines no interval tells apart; null: not ranked (see `unranked`). */
  rank: number | null;
  /** Another line has the same rank. */
  tied: boolean;
  /** Labels of the ranked lines whose interval overlaps this one's. */
  overlaps: string[];
  unranked: string | null;
}

type Interval = { id: string; label: string; mean: number; low: number; high: number };

/** j is clearly better than i: its whole interval is on the better side of i's. */
function clearlyBetter(j: Interval, i: Interval, direction: BenchmarkDirection): boolean {
  return direction === 'lower' ? j.high < i.low : j.low > i.high;
}

export function rankLeaderboard(candidates: readonly LeaderboardCandidate[], direction: BenchmarkDirection): RankedLine[] {
  const intervals: Interval[] = [];
  const unranked: RankedLine[] = [];
  for (const c of candidates) {
    const s = c.stat;
    if (c.unranked === null && s && s.mean !== null && s.ciLow !== null && s.ciHigh !== null && Number.isFinite(s.mean)) {
      intervals.push({ id: c.id, label: c.label, mean: s.mean, low: s.ciLow, high: s.ciHigh });
    } else {
      unranked.push({ id: c.id, rank: null, tied: false, overlaps: [], unranked: c.unranked ?? 'No mean and 95% interval of the criterion (fewer than 2 seeds scored).' });
    }
  }
  const ranked = intervals.map((i) => ({
    i,
    rank: 1 + intervals.filter((j) => j !== i && clearlyBetter(j, i, direction)).length,
    overlaps: intervals.filter((j) => j !== i && !clearlyBetter(j, i, direction) && !clearlyBetter(i, j, direction)).map((j) => j.label),
  }));
  const sign = direction === 'lower' ? 1 : -1;
  ranked.sort((a, b) => a.rank - b.rank || sign * (a.i.mean - b.i.mean) || a.i.label.localeCompare(b.i.label) || a.i.id.localeCompare(b.i.id));
  const counts = new Map<number, number>();
  for (const r of ranked) counts.set(r.rank, (counts.get(r.rank) ?? 0) + 1);
  return [...ranked.map((r) => ({ id: r.i.id, rank: r.rank, tied: (counts.get(r.rank) ?? 0) > 1, overlaps: r.overlaps, unranked: null })), ...unranked];
}

/** "1", "=2": a shared rank is marked, so a tie never reads as an order. */
export function rankLabel(line: Pick<RankedLine, 'rank' | 'tied'>): string {
  if (line.rank === null) return '—';
  return line.tied ? `=${line.rank}` : String(line.rank);
}
