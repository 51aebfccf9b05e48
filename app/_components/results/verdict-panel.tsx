/**
 * The verdict of a study as every page shows it (dashboard, comparison, share page, deletion
 * report): the warnings, the sentences, the rule in words, and per metric the null (the
 * original, doing nothing) and the noise floor (retrain against retrain across seeds), with a
 * plain "no power here" where the original cannot be told from retrain. No hooks: it renders on
 * the server and in the browser alike.
 */
import { metricInfo } from '@/lib/results/catalogue';
import { formatGap, formatValue } from '@/lib/results/format';
import { VERDICT_RULE, type MetricCheck, type StudyVerdict } from '@/lib/results/verdict';

export function VerdictRule() {
  return (
    <p className="mt-3 text-xs text-zinc-600 dark:text-zinc-400 print:text-black" data-testid="verdict-rule">
      {VERDICT_RULE}
    </p>
  );
}

export function VerdictWarnings({ warnings }: { warnings: readonly string[] }) {
  if (!warnings.length) return null;
  return (
    <div role="status" className="mt-2 space-y-1 rounded bg-amber-50 p-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200 print:bg-white print:text-black" data-testid="verdict-warnings">
      {warnings.map((w) => (
        <p key={w}>{w}</p>
      ))}
    </div>
  );
}

/** The verdict's sentences (one per criterion) as a list. */
export function VerdictSentences({ verdict }: { verdict: StudyVerdict }) {
  if (!verdict.criteria.length) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No method has results to compare yet.</p>;
  return (
    <ul className="space-y-1.5 text-sm" data-testid="verdict-sentences">
      {verdict.criteria.map((c) => (
        <li key={c.id} data-testid={`verdict-${c.id}`}>
          {c.sentence}
        </li>
      ))}
    </ul>
  );
}

function cell(m: MetricCheck, x: number | null, gap: boolean): string {
  if (x === null) return '—';
  return gap ? formatGap(m.key, x) : formatValue(m.key, x);
}

/**
 * Null and noise floor per metric. `keys` limits the rows (the key metrics and the criteria's);
 * without it every metric of the verdict is listed.
 */
export function NullAndNoiseFloor({ verdict, keys, testId = 'null-noise-floor' }: { verdict: StudyVerdict; keys?: readonly string[]; testId?: string }) {
  const wanted = keys ? new Set([...keys, ...verdict.criteria.map((c) => c.metricKey)]) : null;
  const rows = verdict.metrics.filter((m) => !wanted || wanted.has(m.key));
  if (!rows.length) return null;
  return (
    <div className="relative overflow-x-auto" data-testid={testId} role="region" aria-label="Null and noise floor per metric" tabIndex={0}>
      <table className="w-full text-left text-sm" aria-label="Null and noise floor per metric">
        <caption className="pb-1 text-left text-xs text-zinc-500 print:text-black">
          Null: the original model (doing nothing) against retrain of the same seed. Noise floor: retrain against retrain, mean over pairs of seeds. A metric has power only where the null exceeds twice the noise floor.
        </caption>
        <thead className="border-b border-zinc-200 text-xs text-zinc-500 dark:border-zinc-800">
          <tr>
            {['Metric', 'Retrain', 'Original (null)', 'Null gap to retrain', 'Noise floor', 'Power'].map((h) => (
              <th key={h} scope="col" className="px-2 py-1 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {rows.map((m) => (
            <tr key={m.key} data-testid={`${testId}-${m.key}`} data-power={m.hasPower ? 'yes' : 'no'}>
              <th scope="row" className="px-2 py-1 text-left font-medium" title={metricInfo(m.key).help}>
                {m.label}
              </th>
              <td className="px-2 py-1 tabular-nums">{cell(m, m.retrain, false)}</td>
              <td className="px-2 py-1 tabular-nums">{cell(m, m.original, false)}</td>
              <td className="px-2 py-1 tabular-nums">{cell(m, m.nullGap, true)}</td>
              <td className="px-2 py-1 tabular-nums">{m.noiseFloor === null ? '—' : `${cell(m, m.noiseFloor, true)} (${m.pairs} pair${m.pairs === 1 ? '' : 's'})`}</td>
              <td className="px-2 py-1 text-xs">{m.hasPower ? 'yes' : <span className="text-amber-800 dark:text-amber-300 print:text-black">no power here: {m.noPower}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Methods the rule keeps from a badge, with the reason in words. */
export function Disqualified({ verdict, label }: { verdict: StudyVerdict; label: (key: string, methodId: string) => string }) {
  const out = verdict.methods.filter((m) => m.disqualified.length);
  if (!out.length) return null;
  return (
    <ul className="mt-2 list-disc space-y-1 pl-5 text-xs text-zinc-600 dark:text-zinc-400 print:text-black" data-testid="verdict-disqualified">
      {out.map((m) => (
        <li key={m.key}>
          {label(m.key, m.methodId)} gets no badge: {m.disqualified.join('; ')}.
        </li>
      ))}
    </ul>
  );
}
