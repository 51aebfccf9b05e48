'use client';
/**
 * "Publish as benchmark" (owners): a name, a description, the seeds every entry must score, the
 * metrics the leaderboard shows and the one it ranks by. Its direction is the metric's own
 * (lib/benchmarks/recipe: a gap ranks lower-first), shown and sent as such. The recipe cannot be
 * changed once published, which the form says before it posts.
 */
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Field } from '@/app/_components/ui/form-field';
import { fieldErrorsOf, type ApiErrorBody } from '@/app/_components/ui/progress-request';
import { buttonClass } from '@/app/_components/ui/ui';
import { BENCHMARK_METRICS, benchmarkMetric, directionWords } from '@/lib/benchmarks/recipe';

const inputClass = (error?: string) =>
  `mt-1 block w-full max-w-full rounded-md border bg-white px-2 py-1.5 text-sm dark:bg-zinc-900 ${error ? 'border-red-500' : 'border-zinc-300 dark:border-zinc-700'}`;

/** "0, 1, 2" or "0-4" → seeds; anything else stays for the server to name. */
export function parseSeeds(text: string): unknown[] {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .flatMap((part) => {
      const range = /^(\d+)-(\d+)$/.exec(part);
      if (range && Number(range[2]) >= Number(range[1]) && Number(range[2]) - Number(range[1]) < 64) {
        return Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i);
      }
      const n = Number(part);
      return [Number.isFinite(n) ? n : part];
    });
}

export function PublishBenchmarkForm({ teamId, scenarioId, scenarioName }: { teamId: string; scenarioId: string; scenarioName: string }) {
  const router = useRouter();
  const [name, setName] = useState(scenarioName);
  const [description, setDescription] = useState('');
  const [seeds, setSeeds] = useState('0, 1, 2, 3, 4');
  const [criterion, setCriterion] = useState('averageGap');
  const [shown, setShown] = useState<string[]>(['gap.accuracy.forget', 'gap.accuracy.test']);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const metric = benchmarkMetric(criterion);

  const publish = async () => {
    setBusy(true);
    setFormError(null);
    setErrors({});
    try {
      const res = await fetch(`/api/v1/teams/${teamId}/benchmarks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          scenarioId,
          name: name.trim(),
          description: description.trim(),
          recipe: { seeds: parseSeeds(seeds), metrics: shown.filter((m) => m !== criterion).length ? shown.filter((m) => m !== criterion) : [criterion], criterion: { metric: criterion, direction: metric?.better ?? 'lower' } },
        }),
      });
      const json: unknown = await res.json().catch(() => null);
      if (res.status === 201) {
        router.push(`/benchmarks/${(json as { benchmark: { id: string } }).benchmark.id}`);
        return;
      }
      const error = (json as { error?: ApiErrorBody } | null)?.error ?? { code: 'http', message: `The server answered ${res.status}.` };
      const byField = fieldErrorsOf(error);
      const clean: Record<string, string> = {};
      for (const [f, m] of Object.entries(byField)) {
        // recipe.seeds.1 → the seeds box; recipe.metrics.0 → the metrics; criterion → its select.
        const box = f.startsWith('recipe.seeds') ? 'seeds' : f.startsWith('recipe.metrics') ? 'metrics' : f.startsWith('recipe.criterion') ? 'criterion' : f;
        clean[box] ??= m.replace(/^[\w.]+: /, '');
      }
      setErrors(clean);
      if (!['name', 'description', 'seeds', 'metrics', 'criterion'].some((f) => clean[f])) setFormError(error.message);
    } catch {
      setFormError('Could not reach the server. Try again.');
    }
    setBusy(false);
  };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void publish();
      }}
      className="space-y-3"
      data-testid="publish-benchmark-form"
    >
      <Field id="benchmark-name" label="Benchmark name" error={errors.name}>
        <input id="benchmark-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} aria-invalid={!!errors.name} aria-describedby={errors.name ? 'benchmark-name-error' : undefined} className={inputClass(errors.name)} />
      </Field>
      <Field id="benchmark-description" label="Description (optional)" hint="What the benchmark asks of a method, and anything entrants should know." error={errors.description}>
        <textarea id="benchmark-description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={5000} aria-describedby="benchmark-description-hint" className={inputClass(errors.description)} />
      </Field>
      <Field id="benchmark-seeds" label="Seeds" hint="Every entry must have each of these scored (2 to 32, e.g. 0, 1, 2 or 0-4). With fewer than 5 the intervals are rough." error={errors.seeds}>
        <input id="benchmark-seeds" value={seeds} onChange={(e) => setSeeds(e.target.value)} aria-invalid={!!errors.seeds} aria-describedby={['benchmark-seeds-hint', errors.seeds ? 'benchmark-seeds-error' : ''].filter(Boolean).join(' ')} className={inputClass(errors.seeds)} />
      </Field>
      <Field id="benchmark-criterion" label="Ranked by" hint={metric ? `${directionWords(metric.better)}; the mean over the seeds with its 95% interval, as the results dashboard computes it.` : undefined} error={errors.criterion}>
        <select id="benchmark-criterion" value={criterion} onChange={(e) => setCriterion(e.target.value)} aria-describedby="benchmark-criterion-hint" className={inputClass(errors.criterion)}>
          {BENCHMARK_METRICS.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
      </Field>
      <fieldset>
        <legend className="text-sm font-medium">Also shown</legend>
        <div className="mt-1 grid gap-1 sm:grid-cols-2">
          {BENCHMARK_METRICS.filter((m) => m.id !== criterion).map((m) => (
            <label key={m.id} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={shown.includes(m.id)}
                onChange={(e) => setShown((s) => (e.target.checked ? [...s, m.id] : s.filter((x) => x !== m.id)))}
              />
              {m.label}
            </label>
          ))}
        </div>
        {errors.metrics ? (
          <p role="alert" className="mt-1 text-xs text-red-600 dark:text-red-400">
            {errors.metrics}
          </p>
        ) : null}
      </fieldset>
      <p className="text-xs text-zinc-500">
        Publishing shows this scenario, its package and the leaderboard to every signed-in user of this installation. The recipe cannot be changed afterwards (withdrawing is possible), and the scenario is locked: editing it saves a new one.
      </p>
      {formError ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
          {formError}
        </p>
      ) : null}
      <button type="submit" disabled={busy} className={buttonClass('primary')} data-testid="publish-benchmark-submit">
        {busy ? 'Publishing…' : 'Publish as benchmark'}
      </button>
    </form>
  );
}
