'use client';
/**
 * The "Sweep" disclosure of a method card in the new-study form: up to 2 numeric settings, each
 * with 2-4 values (prefilled with half, the default and double the method's default for this
 * scenario kind), checked here as they are typed and by the server's dry run; and the study's
 * validation fraction, shown once any method sweeps.
 */
import { useId } from 'react';
import { MAX_SWEEP_POINTS, VALIDATION_FRACTION } from '@/lib/studies/input';
import { numericSettingsOf, settingSchemaOf, suggestedValues, sweepPointCount } from '@/lib/studies/sweep-grid';
import type { MethodCatalogueEntry } from '@/lib/unlearning/registry';
import { buttonClass } from '@/app/_components/ui/ui';
import { listOf } from './study-form-state';
import { inputClass, TextInput } from './study-form-inputs';

export interface SweepState {
  on: boolean;
  rows: Array<{ setting: string; values: string }>;
}

function suggestedRow(method: MethodCatalogueEntry, setting: string): SweepState['rows'][number] {
  const value = Number(method.defaults[setting]);
  return { setting, values: Number.isFinite(value) ? suggestedValues(value, settingSchemaOf(method.configJsonSchema, setting)).join(', ') : '' };
}

/** Off, with the learning rate (else the first numeric setting) ready to sweep. */
export function initialSweep(method: MethodCatalogueEntry): SweepState {
  const numeric = numericSettingsOf(method.configJsonSchema);
  const first = numeric.includes('learningRate') ? 'learningRate' : numeric[0];
  return { on: false, rows: first ? [suggestedRow(method, first)] : [] };
}

/** The request's `sweep` of a method; values that are not numbers go as null for the server to name. */
export function sweepBody(state: SweepState | undefined): Record<string, Array<number | null>> | undefined {
  if (!state?.on || !state.rows.length) return undefined;
  return Object.fromEntries(state.rows.map((r) => [r.setting, listOf(r.values)]));
}

/** What can be said before asking the server: how many values, how many grid points. */
export function sweepErrors(methodId: string, state: SweepState | undefined): Record<string, string> {
  const body = sweepBody(state);
  if (!body) return {};
  const out: Record<string, string> = {};
  for (const [setting, values] of Object.entries(body)) {
    if (values.length < 2 || values.length > 4) out[`method:${methodId}:sweep:${setting}`] = `Give 2 to 4 values (${values.length} now).`;
  }
  const points = sweepPointCount(Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v.map(Number)])));
  if (points > MAX_SWEEP_POINTS) out[`method:${methodId}:sweep`] = `${points} grid points; a sweep has at most ${MAX_SWEEP_POINTS}.`;
  return out;
}

export function MethodSweep({ method, state, onChange, errors }: { method: MethodCatalogueEntry; state: SweepState; onChange: (s: SweepState) => void; errors: Record<string, string> }) {
  const id = useId();
  const numeric = numericSettingsOf(method.configJsonSchema);
  if (!numeric.length) return null;
  const body = sweepBody(state);
  const points = body ? sweepPointCount(Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v.map(Number)]))) : 0;
  const error = errors[`method:${method.id}:sweep`];
  const setRow = (i: number, row: SweepState['rows'][number]) => onChange({ ...state, rows: state.rows.map((r, j) => (j === i ? row : r)) });
  const unused = numeric.filter((n) => !state.rows.some((r) => r.setting === n));
  return (
    <details className="mt-3 rounded-md border border-zinc-200 p-2 dark:border-zinc-800" data-testid={`method-${method.id}-sweep`} open={state.on || undefined}>
      <summary className="cursor-pointer text-sm font-medium">Sweep{state.on ? ` (${points} settings)` : ''}</summary>
      <label className="mt-2 flex items-center gap-2 text-sm">
        <input type="checkbox" checked={state.on} onChange={(e) => onChange({ ...state, on: e.target.checked })} aria-describedby={`${id}-note`} />
        Try a small grid of settings and keep the best
      </label>
      <p id={`${id}-note`} className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
        Each grid point runs as its own configuration; the study keeps the one with the lowest average gap to the retrain of the same seed on forget, retain and validation accuracy (validation rows are carved from the training data, never the test set).
      </p>
      {state.on ? (
        <div className="mt-2 space-y-2">
          {state.rows.map((row, i) => (
            <div key={row.setting} className="grid gap-2 sm:grid-cols-[10rem_minmax(0,1fr)_auto] sm:items-end">
              <label className="text-sm">
                Setting {i + 1}
                <select value={row.setting} onChange={(e) => setRow(i, suggestedRow(method, e.target.value))} className={inputClass()} aria-label={`${method.name}: setting ${i + 1} to sweep`}>
                  {[row.setting, ...unused].map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
              </label>
              <TextInput label={`${row.setting} values`} value={row.values} onChange={(values) => setRow(i, { ...row, values })} hint="2 to 4 numbers, separated by commas" error={errors[`method:${method.id}:sweep:${row.setting}`]} testId={`method-${method.id}-sweep-values-${i}`} />
              {i > 0 ? (
                <button type="button" className={buttonClass('secondary', 'sm')} onClick={() => onChange({ ...state, rows: state.rows.filter((_, j) => j !== i) })}>
                  Remove {row.setting}
                </button>
              ) : null}
            </div>
          ))}
          {state.rows.length < 2 && unused.length ? (
            <button type="button" className={buttonClass('secondary', 'sm')} onClick={() => onChange({ ...state, rows: [...state.rows, suggestedRow(method, unused[0])] })}>
              Sweep a second setting
            </button>
          ) : null}
          {error ? (
            <p role="alert" className="text-xs text-red-600 dark:text-red-400">
              {error}
            </p>
          ) : null}
        </div>
      ) : null}
    </details>
  );
}

/** The study's validation fraction, once any method sweeps. */
export function ValidationFractionField({ value, onChange, error }: { value: string; onChange: (v: string) => void; error?: string }) {
  return (
    <TextInput
      label="Validation fraction (sweeps)"
      type="number"
      inputMode="decimal"
      min={VALIDATION_FRACTION.min}
      max={VALIDATION_FRACTION.max}
      step="0.05"
      value={value}
      onChange={onChange}
      error={error}
      hint={`Share of the training rows outside the forget set set aside to choose each sweep's setting (${VALIDATION_FRACTION.min}-${VALIDATION_FRACTION.max}); no model trains on them.`}
      testId="validation-fraction"
    />
  );
}
