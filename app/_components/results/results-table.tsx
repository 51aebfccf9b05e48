'use client';
/**
 * The runs table of a results dashboard: one row per model (original and baseline pinned on
 * top), per chosen metric the mean and 95% interval over seeds (lib/results/format formatInterval) as a value and/or as the gap
 * to the baseline. Headers sort (value or gap); the raw numbers sit in data-value attributes so
 * tests and screen readers can check them against exports.
 */
import { runCountsSentence, type ResultRow } from '@/lib/results/aggregate';
import { metricInfo } from '@/lib/results/catalogue';
import { formatGap, formatInterval, formatValue } from '@/lib/results/format';
import type { ShowMode, SortState } from '@/lib/results/view-state';
import { Badge } from '@/app/_components/ui/ui';

function SortButton({ label, active, dir, onClick, testId }: { label: string; active: boolean; dir: 'asc' | 'desc' | null; onClick: () => void; testId: string }) {
  return (
    <button type="button" onClick={onClick} className={`inline-flex items-center gap-0.5 rounded px-0.5 hover:underline ${active ? 'text-zinc-900 dark:text-zinc-100' : ''}`} data-testid={testId} aria-label={`Sort by ${label}${active ? (dir === 'asc' ? ', sorted ascending' : ', sorted descending') : ''}`}>
      {label}
      <span aria-hidden className="text-[10px]">{active ? (dir === 'asc' ? '▲' : '▼') : '↕'}</span>
    </button>
  );
}

export function ResultsTable({
  rows,
  columns,
  show,
  sort,
  onSort,
  baselineLabel,
  highlight,
}: {
  rows: ResultRow[];
  columns: string[];
  show: ShowMode;
  sort: SortState | null;
  onSort: (s: SortState) => void;
  baselineLabel: string;
  /** Row keys the headline names (marked in the table). */
  highlight: Set<string>;
}) {
  const toggle = (key: string, by: 'value' | 'gap') => {
    const better = metricInfo(key).better;
    const first: 'asc' | 'desc' = by === 'gap' || better === 'lower' || better === 'target' ? 'asc' : 'desc';
    const same = sort && sort.key === key && sort.by === by;
    onSort({ key, by, dir: same ? (sort.dir === 'asc' ? 'desc' : 'asc') : first });
  };
  return (
    <div className="relative overflow-x-auto" data-testid="results-table-wrap" role="region" aria-label="Results table" tabIndex={0}>
      <table className="w-full border-collapse text-left text-sm" aria-label="Results per method: mean and 95% interval over seeds" data-testid="results-table">
        <thead className="text-xs text-zinc-500">
          <tr className="border-b border-zinc-200 dark:border-zinc-800">
            <th scope="col" rowSpan={2} className="sticky left-0 z-10 bg-white px-2 py-2 align-bottom font-medium dark:bg-zinc-900">
              Model
            </th>
            <th scope="col" rowSpan={2} className="px-2 py-2 align-bottom font-medium">
              Seeds
            </th>
            {columns.map((k) => {
              const info = metricInfo(k);
              const span = show === 'both' && info.hasGap ? 2 : 1;
              return (
                <th key={k} scope="colgroup" colSpan={span} className="border-l border-zinc-100 px-2 pt-2 text-center font-medium normal-case dark:border-zinc-800" title={info.help} data-testid={`col-${k}`}>
                  {info.label}
                </th>
              );
            })}
          </tr>
          <tr className="border-b border-zinc-200 dark:border-zinc-800">
            {columns.flatMap((k) => {
              const info = metricInfo(k);
              const cells = [];
              if (show !== 'gap' || !info.hasGap) {
                cells.push(
                  <th key={`${k}-v`} scope="col" className="border-l border-zinc-100 px-2 pb-2 text-right font-normal dark:border-zinc-800">
                    <SortButton label="value" active={sort?.key === k && sort.by === 'value'} dir={sort?.key === k && sort.by === 'value' ? sort.dir : null} onClick={() => toggle(k, 'value')} testId={`sort-${k}-value`} />
                  </th>,
                );
              }
              if (show !== 'value' && info.hasGap) {
                cells.push(
                  <th key={`${k}-g`} scope="col" className="px-2 pb-2 text-right font-normal" title={`|method − ${baselineLabel}| per seed`}>
                    <SortButton label="gap" active={sort?.key === k && sort.by === 'gap'} dir={sort?.key === k && sort.by === 'gap' ? sort.dir : null} onClick={() => toggle(k, 'gap')} testId={`sort-${k}-gap`} />
                  </th>,
                );
              }
              return cells;
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {rows.map((r) => (
            <tr key={r.key} data-testid="results-row" data-row-key={r.key} data-kind={r.kind} data-pinned={r.pinned ? 'true' : 'false'} className={r.pinned ? 'bg-zinc-50 dark:bg-zinc-950/40' : ''}>
              <th scope="row" className={`results-row-head ${r.pinned ? 'bg-zinc-50 dark:bg-zinc-950' : 'bg-white dark:bg-zinc-900'}`}>
                <span className="flex flex-wrap items-center gap-1.5" data-testid="results-row-label">
                  {r.label}
                  {r.baseline ? <Badge tone="green">baseline</Badge> : r.pinned ? <Badge>pinned</Badge> : null}
                  {highlight.has(r.key) ? <Badge tone="blue">closest</Badge> : null}
                </span>
                {r.detail ? <span className="block text-xs font-normal text-zinc-500">{r.detail}</span> : null}
                {r.note ? <span className="block text-xs font-normal text-amber-700 dark:text-amber-400">{r.note}</span> : null}
              </th>
              <td className="results-seeds" title={runCountsSentence(r.runCounts) ?? undefined}>
                {r.runsSucceeded}
                {r.runsSucceeded < r.runsTotal ? <span className="text-amber-600"> / {r.runsTotal}</span> : null}
              </td>
              {columns.flatMap((k) => {
                const info = metricInfo(k);
                const cells = [];
                if (show !== 'gap' || !info.hasGap) {
                  const s = r.values[k];
                  cells.push(
                    <td key={`${k}-v`} className="results-value" data-testid={`cell-${k}-value`} data-value={s?.mean ?? ''}>
                      {formatValue(k, s?.mean)}
                      {s?.halfWidth != null ? <small>{formatInterval(k, s)}</small> : null}
                    </td>,
                  );
                }
                if (show !== 'value' && info.hasGap) {
                  const g = r.baseline ? { mean: 0, halfWidth: null, n: r.seeds.length, sd: null, ciLow: null, ciHigh: null, interval: null, rough: false } : r.gaps[k];
                  cells.push(
                    <td key={`${k}-g`} className="results-gap" data-testid={`cell-${k}-gap`} data-value={g?.mean ?? ''}>
                      {formatGap(k, g?.mean)}
                      {g?.halfWidth != null ? <small>{formatInterval(k, g, true)}</small> : null}
                    </td>,
                  );
                }
                return cells;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
