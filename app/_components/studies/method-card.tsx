'use client';
/** One unlearning method in the new-study form: its citation and hyperparameter fields from its JSON schema. */
import { useId } from 'react';
import { Field } from '@/app/_components/ui/form-field';
import type { MethodCatalogueEntry } from '@/lib/unlearning/registry';
import { Badge } from '@/app/_components/ui/ui';
import { type JsonSchemaProperty, type ConfigValue, propertiesOf, boundsText } from './study-form-state';
import { inputClass, describedBy } from './study-form-inputs';
import { SCENARIO_KIND_LABELS } from '@/lib/scenarios/scenario-kind';
import { MethodSweep, type SweepState } from './method-sweep';

export function citationText(m: MethodCatalogueEntry): string {
  const c = m.citation;
  return `${c.authors} (${c.year}). ${c.title}. ${c.venue}.`;
}

export function MethodConfigFields({ method, values, onChange, errors }: { method: MethodCatalogueEntry; values: Record<string, ConfigValue>; onChange: (key: string, v: ConfigValue) => void; errors: Record<string, string> }) {
  const props = propertiesOf(method);
  if (props.length === 0) return <p className="text-xs text-zinc-500">No hyperparameters.</p>;
  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
      {props.map(([key, p]) => {
        const error = errors[`method:${method.id}:${key}`];
        const label = `${method.name}: ${key}`;
        if (p.type === 'boolean') {
          return (
            <label key={key} className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={values[key] === true} onChange={(e) => onChange(key, e.target.checked)} aria-label={label} />
              {key}
            </label>
          );
        }
        if (p.enum) {
          return (
            <MethodSelect
              key={key}
              label={key}
              ariaLabel={label}
              value={String(values[key] ?? '')}
              options={p.enum.map(String)}
              hasDefault={p.default !== undefined || method.defaults[key] !== undefined}
              onChange={(v) => onChange(key, v)}
              error={error}
            />
          );
        }
        if (p.type === 'integer' || p.type === 'number') {
          return <MethodNumber key={key} label={key} ariaLabel={label} value={String(values[key] ?? '')} p={p} defaultValue={method.defaults[key] ?? p.default} onChange={(v) => onChange(key, v)} error={error} />;
        }
        return null;
      })}
    </div>
  );
}

/** `defaultValue`: the method's default for this study's scenario kind (not always the schema's). */
export function MethodNumber({ label, ariaLabel, value, p, defaultValue, onChange, error }: { label: string; ariaLabel: string; value: string; p: JsonSchemaProperty; defaultValue?: unknown; onChange: (v: string) => void; error?: string }) {
  const id = useId();
  const hint = [boundsText(p), defaultValue !== undefined ? `default ${String(defaultValue)}` : ''].filter(Boolean).join('; ');
  return (
    <Field id={id} label={label} hint={hint || undefined} error={error}>
      <input
        id={id}
        type="number"
        step={p.type === 'integer' ? 1 : 'any'}
        min={p.minimum}
        max={p.maximum !== undefined && p.maximum < Number.MAX_SAFE_INTEGER ? p.maximum : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-label={ariaLabel}
        aria-invalid={!!error}
        aria-describedby={describedBy(id, hint, error)}
        className={inputClass(error)}
      />
    </Field>
  );
}

export function MethodSelect({ label, ariaLabel, value, options, hasDefault, onChange, error }: { label: string; ariaLabel: string; value: string; options: string[]; hasDefault: boolean; onChange: (v: string) => void; error?: string }) {
  const id = useId();
  return (
    <Field id={id} label={label} error={error}>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-label={ariaLabel} aria-invalid={!!error} aria-describedby={describedBy(id, undefined, error)} className={inputClass(error)}>
        {hasDefault ? null : <option value="">(method default)</option>}
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function MethodCard({
  method,
  selected,
  disabledReason,
  onToggle,
  values,
  onChange,
  errors,
  sweep,
  onSweep,
}: {
  method: MethodCatalogueEntry;
  selected: boolean;
  disabledReason?: string;
  onToggle: (on: boolean) => void;
  values: Record<string, ConfigValue>;
  onChange: (key: string, v: ConfigValue) => void;
  errors: Record<string, string>;
  sweep: SweepState;
  onSweep: (s: SweepState) => void;
}) {
  const fixed = method.id === 'retrain';
  const id = useId();
  const error = errors[`method:${method.id}`];
  const checked = fixed || (selected && !disabledReason);
  return (
    <li className={`rounded-md border p-3 ${checked ? 'border-brand-500 bg-brand-50/50 dark:border-blue-700 dark:bg-blue-950/30' : 'border-zinc-200 dark:border-zinc-800'}`} data-testid={`method-${method.id}`}>
      <div className="flex items-start gap-3">
        <input
          id={id}
          type="checkbox"
          className="mt-1 size-4"
          checked={checked}
          disabled={fixed || !!disabledReason}
          onChange={(e) => onToggle(e.target.checked)}
          aria-describedby={`${id}-desc`}
        />
        <div className="min-w-0 flex-1">
          <label htmlFor={id} className="flex flex-wrap items-center gap-2 text-sm font-medium">
            {method.name}
            {fixed ? <Badge tone="green">always included</Badge> : null}
            {method.requiresOriginalTraining ? <Badge tone="amber">own original per seed</Badge> : null}
          </label>
          <p id={`${id}-desc`} className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">
            {fixed ? 'The exact reference: trains from scratch on the retain set with the study’s recipe. Every metric is compared with it. ' : ''}
            {method.description}
            {disabledReason ? <span className="mt-1 block text-amber-700 dark:text-amber-400">{disabledReason}</span> : null}
          </p>
          <p className="mt-1 text-xs italic text-zinc-500 dark:text-zinc-500">{citationText(method)}</p>
          {error ? (
            <p role="alert" className="mt-1 text-xs text-red-600 dark:text-red-400">
              {error}
            </p>
          ) : null}
          {checked && !fixed ? (
            <div className="mt-3">
              {method.defaultsChosenFor ? (
                <p className="mb-2 text-xs text-zinc-600 dark:text-zinc-400" data-testid={`method-${method.id}-defaults-note`}>
                  Defaults chosen for forgetting {SCENARIO_KIND_LABELS[method.defaultsChosenFor]}, this scenario’s kind (measured against retraining, see the README).
                </p>
              ) : null}
              <MethodConfigFields method={method} values={values} onChange={onChange} errors={errors} />
              <MethodSweep method={method} state={sweep} onChange={onSweep} errors={errors} />
            </div>
          ) : null}
        </div>
      </div>
    </li>
  );
}
