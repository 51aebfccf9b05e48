'use client';
/**
 * The baseline of an unsaved comparison: each row's own study's retrain (the default), or one
 * chosen model pinned as the baseline of every row. Changing it reloads the view with the new
 * selection in the URL (the gaps are computed on the server).
 */
import { useRouter } from 'next/navigation';
import type { ResultRow } from '@/lib/results/aggregate';
import { parseViewState, viewQuery, type ComparisonSelection } from '@/lib/results/view-state';

export function ComparisonBaselineSelect({ rows, selection }: { rows: ResultRow[]; selection: ComparisonSelection }) {
  const router = useRouter();
  const chosen = new Set(selection.runs);
  // Only chosen runs can be pinned (a retrain added as a study's own baseline is not in the selection).
  const options = rows.filter((r) => r.runIds.length > 0 && chosen.has(r.runIds[0]));
  const current = options.find((r) => selection.baseline !== null && r.runIds.includes(selection.baseline));
  const change = (runId: string) => {
    const view = parseViewState(new URLSearchParams(window.location.search));
    router.push(`${window.location.pathname}?${viewQuery(view, { runs: selection.runs, baseline: runId || null })}`);
  };
  return (
    <label className="flex flex-wrap items-center gap-2 text-sm print:hidden">
      <span className="text-zinc-600 dark:text-zinc-400">Gaps measured to</span>
      <select value={current?.runIds[0] ?? ''} onChange={(e) => change(e.target.value)} className="max-w-full rounded border border-zinc-300 bg-white px-1.5 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900" data-testid="comparison-baseline">
        <option value="">each row’s own study’s retrain</option>
        {options.map((r) => (
          <option key={r.key} value={r.runIds[0]}>
            {r.label}
            {r.detail ? ` (${r.detail})` : ''}, pinned
          </option>
        ))}
      </select>
    </label>
  );
}
