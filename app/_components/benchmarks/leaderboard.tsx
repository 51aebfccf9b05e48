/**
 * A benchmark's leaderboard: rank (shared ranks marked "=", never a strict order the intervals
 * do not support), method, team, the criterion's mean and 95% interval with N, the recipe's
 * other metrics, the verified mark and the entry's read-only dashboard. A table from md up; below
 * that one block per line, so a 390 px screen never scrolls sideways. Server-safe (no hooks):
 * the team's buttons come in through `actions`.
 */
import type { ReactNode } from 'react';
import { rankLabel } from '@/lib/benchmarks/leaderboard';
import type { Leaderboard, LeaderboardLine, LeaderboardMetric } from '@/lib/benchmarks/service';
import { formatStat } from '@/lib/results/format';
import { Badge, formatDate } from '@/app/_components/ui/ui';

function stat(line: LeaderboardLine, m: LeaderboardMetric): string {
  return formatStat(m.key, line.stats[m.id] ?? undefined, m.asGap);
}

function Dashboard({ line }: { line: LeaderboardLine }) {
  if (line.dashboardUrl) {
    return (
      <a href={line.dashboardUrl} className="text-brand-700 underline dark:text-blue-300" data-testid="leaderboard-dashboard">
        Dashboard
      </a>
    );
  }
  return <span className="text-xs text-zinc-500">link revoked by its team</span>;
}

function Note({ line }: { line: LeaderboardLine }) {
  if (line.unranked) return <p className="text-xs text-amber-800 dark:text-amber-300">{line.unranked}</p>;
  if (line.overlaps.length) return <p className="text-xs text-zinc-500">Interval overlaps {line.overlaps.join(', ')}: not told apart.</p>;
  return null;
}

export function LeaderboardView({ leaderboard, actions, empty }: { leaderboard: Leaderboard; actions?: (line: LeaderboardLine) => ReactNode; empty: ReactNode }) {
  const { lines, metrics, criterion } = leaderboard;
  if (!lines.length) return <>{empty}</>;
  const others = metrics.filter((m) => m.id !== criterion.id);
  return (
    <div data-testid="leaderboard">
      <ol className="space-y-3 md:hidden" aria-label="Leaderboard">
        {lines.map((line, i) => (
          <li key={`${line.entryId}-${i}`} className="rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800" data-testid="leaderboard-item">
            <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
              <span className="text-lg font-semibold tabular-nums" aria-label={`Rank ${rankLabel(line)}`}>
                {rankLabel(line)}
              </span>
              <span className="min-w-0 break-words font-medium">{line.method}</span>
              {line.verified ? <Badge tone="green">verified</Badge> : null}
            </div>
            <p className="break-words text-zinc-600 dark:text-zinc-400">
              {line.teamName} · {line.studyName}
            </p>
            <dl className="mt-2 grid grid-cols-[minmax(0,1fr)_auto] gap-x-3 gap-y-1">
              <dt className="text-zinc-500">{criterion.label}</dt>
              <dd className="text-right font-medium tabular-nums">{stat(line, criterion)}</dd>
              {others.map((m) => (
                <div key={m.id} className="contents">
                  <dt className="text-zinc-500">{m.label}</dt>
                  <dd className="text-right tabular-nums">{stat(line, m)}</dd>
                </div>
              ))}
              <dt className="text-zinc-500">N (seeds)</dt>
              <dd className="text-right tabular-nums">{line.n}</dd>
            </dl>
            <Note line={line} />
            <div className="mt-2 flex flex-wrap items-center gap-3">
              <Dashboard line={line} />
              {actions?.(line)}
            </div>
          </li>
        ))}
      </ol>
      <div className="hidden md:block">
        <div className="relative overflow-x-auto" role="region" aria-label="Leaderboard table" tabIndex={0}>
          <table className="w-full text-left text-sm" data-testid="leaderboard-table">
            <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
              <tr>
                <th scope="col" className="px-2 py-2 font-medium">Rank</th>
                <th scope="col" className="px-2 py-2 font-medium">Method</th>
                <th scope="col" className="px-2 py-2 font-medium">Team</th>
                <th scope="col" className="px-2 py-2 font-medium">{criterion.label}</th>
                {others.map((m) => (
                  <th key={m.id} scope="col" className="px-2 py-2 font-medium">
                    {m.label}
                  </th>
                ))}
                <th scope="col" className="px-2 py-2 font-medium">N</th>
                <th scope="col" className="px-2 py-2 font-medium">Entry</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line, i) => (
                <tr key={`${line.entryId}-${i}`} className="border-b border-zinc-100 align-top dark:border-zinc-800" data-testid="leaderboard-row">
                  <td className="px-2 py-2 font-semibold tabular-nums">{rankLabel(line)}</td>
                  <td className="px-2 py-2">
                    <span className="font-medium">{line.method}</span> {line.verified ? <Badge tone="green">verified</Badge> : null}
                    <Note line={line} />
                  </td>
                  <td className="px-2 py-2">
                    {line.teamName}
                    <span className="block text-xs text-zinc-500">
                      {line.studyName}, submitted {formatDate(line.submittedAt)}
                    </span>
                  </td>
                  <td className="px-2 py-2 font-medium tabular-nums">{stat(line, criterion)}</td>
                  {others.map((m) => (
                    <td key={m.id} className="px-2 py-2 tabular-nums">
                      {stat(line, m)}
                    </td>
                  ))}
                  <td className="px-2 py-2 tabular-nums">{line.n}</td>
                  <td className="px-2 py-2">
                    <div className="flex flex-wrap items-center gap-2">
                      <Dashboard line={line} />
                      {actions?.(line)}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <p className="mt-3 text-xs text-zinc-500">{leaderboard.rule}</p>
    </div>
  );
}
