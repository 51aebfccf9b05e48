/**
 * The "Hyperparameter sweep" section of a results dashboard (and so of the share page): the
 * criterion in words, and per swept method its grid points with their criterion over seeds and
 * the chosen one marked in text, not by colour alone. A bar per point draws the criterion; the
 * table carries the numbers, so the bars are hidden from screen readers. No hooks: it renders
 * on the server and in the browser alike.
 */
import type { ResultsData } from '@/lib/results/study-results-service';
import { SWEEP_CRITERION, type SweepGroup } from '@/lib/results/sweep';

const pp = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} pp`);

function settingText(setting: Record<string, number>): string {
  return Object.entries(setting)
    .map(([k, v]) => `${k} ${Number(v.toPrecision(3))}`)
    .join(', ');
}

function SweepTable({ group, title }: { group: SweepGroup; title: string }) {
  const worst = Math.max(0, ...group.points.map((p) => p.mean ?? 0));
  const captionId = `sweep-${group.studyId}-${group.group}`;
  return (
    <div className="mt-3" data-testid="sweep-group">
      <h3 id={captionId} className="text-sm font-medium">
        {title}: {group.provisional ? 'provisional choice' : 'chosen'} {settingText(group.points[group.chosen].setting)}
      </h3>
      {group.provisional ? (
        <p className="text-xs text-amber-700 dark:text-amber-400" data-testid="sweep-provisional">
          Provisional: some runs are still running, queued or without results, so the choice may change.
        </p>
      ) : null}
      {/* Focusable so a keyboard can scroll it on a narrow screen. */}
      <div className="mt-1 overflow-x-auto" tabIndex={0} role="region" aria-labelledby={captionId}>
        <table className="w-full text-left text-sm" aria-labelledby={captionId}>
          <thead className="text-xs text-zinc-600 dark:text-zinc-400">
            <tr>
              {[group.settings.join(', '), 'Criterion', 'Spread over seeds', 'Seeds', 'Choice'].map((heading) => (
                <th key={heading} scope="col" className="py-1 pr-3 font-medium">
                  {heading}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {group.points.map((p) => (
              <tr key={p.point} className={p.chosen ? 'bg-emerald-50 font-semibold dark:bg-emerald-950' : ''} data-testid={p.chosen ? 'sweep-chosen' : 'sweep-point'}>
                <th scope="row" className="py-1 pr-3 font-normal whitespace-nowrap">
                  {settingText(p.setting)}
                </th>
                <td className="py-1 pr-3 whitespace-nowrap">
                  {pp(p.mean)}
                  <span aria-hidden="true" className="ml-2 inline-block h-2 rounded-sm bg-zinc-400 align-middle dark:bg-zinc-500" style={{ width: `${worst > 0 && p.mean !== null ? Math.max(2, (p.mean / worst) * 48) : 0}px` }} />
                </td>
                <td className="py-1 pr-3 whitespace-nowrap">{p.sd === null ? (p.n === 1 ? 'one seed' : '—') : `sd ${pp(p.sd)}, ${pp(p.min)}–${pp(p.max)}`}</td>
                <td className="py-1 pr-3">{p.n}</td>
                <td className="py-1">{p.chosen ? '✓ chosen' : p.eligible || p.n === 0 ? '' : 'fewer seeds'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function SweepSection({ data }: { data: Pick<ResultsData, 'table' | 'studies'> }) {
  const sweeps = data.table.sweeps ?? [];
  if (!sweeps.length) return null;
  const rows = new Set(sweeps.map((g) => g.validationRows));
  const validation = rows.size === 1 && sweeps[0].validationRows !== null ? `${sweeps[0].validationRows} rows` : 'rows';
  const name = (g: SweepGroup) => {
    const method = data.table.rows.find((r) => r.studyId === g.studyId && r.methodId === g.methodId)?.label ?? g.methodId;
    return data.studies.length > 1 ? `${method} (${data.studies.find((s) => s.id === g.studyId)?.name ?? 'study'})` : method;
  };
  return (
    <section className="rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900" aria-labelledby="sweep-title" data-testid="sweep-section">
      <h2 id="sweep-title" className="text-base font-semibold">
        Hyperparameter sweep
      </h2>
      <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300" data-testid="sweep-criterion">
        Each swept method keeps one setting: the {SWEEP_CRITERION}. Validation: {validation} carved from the training data, never the test set. The table, headline and charts show only the
        chosen setting. Its forget and retain gaps are the ones it was chosen on, so they flatter it a little (picking the best of several points favours
        the lucky one); its test accuracy played no part in the choice.
      </p>
      {sweeps.map((g) => (
        <SweepTable key={`${g.studyId}:${g.group}`} group={g} title={name(g)} />
      ))}
    </section>
  );
}
