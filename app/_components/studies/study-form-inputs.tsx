'use client';
/** Labelled inputs of the new-study form: text, select and segmented choices with inline errors. */
import { useId, type ReactNode } from 'react';
import { Field } from '@/app/_components/ui/form-field';

export const inputClass = (error?: string) =>
  `mt-1 block w-full rounded-md border bg-white px-2.5 py-1.5 text-sm shadow-sm disabled:opacity-60 dark:bg-zinc-900 ${error ? 'border-red-500' : 'border-zinc-300 dark:border-zinc-700'}`;


export function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

export function TextInput({ label, value, onChange, error, hint, type = 'text', inputMode, min, max, step, disabled, testId }: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  hint?: ReactNode;
  type?: 'text' | 'number';
  inputMode?: 'decimal' | 'numeric';
  min?: number;
  max?: number;
  step?: string;
  disabled?: boolean;
  testId?: string;
}) {
  const id = useId();
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        type={type}
        inputMode={inputMode}
        min={min}
        max={max}
        step={step}
        value={value}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={!!error}
        aria-describedby={describedBy(id, hint, error)}
        className={inputClass(error)}
      />
    </Field>
  );
}

/** A study's name (required, at most 120 characters), as the studies route checks it. */
export function StudyNameField({ id, value, onChange, error }: { id: string; value: string; onChange: (v: string) => void; error?: string }) {
  return (
    <Field id={id} label="Name" error={error}>
      <input
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        maxLength={120}
        aria-invalid={!!error}
        aria-describedby={error ? `${id}-error` : undefined}
        aria-required
        className={inputClass(error)}
      />
    </Field>
  );
}

export function SelectInput<T extends string>({ label, value, options, onChange, error, hint }: { label: string; value: T; options: Array<{ value: T; label: string }>; onChange: (v: T) => void; error?: string; hint?: ReactNode }) {
  const id = useId();
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as T)} aria-invalid={!!error} aria-describedby={describedBy(id, hint, error)} className={inputClass(error)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A segmented choice made of native radios (keyboard: arrow keys within the group). */
export function Segmented<T extends string>({ legend, name, value, options, onChange }: { legend: string; name: string; value: T; options: Array<{ value: T; label: string; disabled?: string }>; onChange: (v: T) => void }) {
  return (
    <fieldset>
      <legend className="text-sm font-medium">{legend}</legend>
      <div className="mt-1 inline-flex flex-wrap overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700">
        {options.map((o) => (
          <label
            key={o.value}
            title={o.disabled}
            className={`cursor-pointer px-3 py-1.5 text-sm focus-within:outline-2 focus-within:outline-brand-500 has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-50 ${
              value === o.value ? 'bg-brand-600 text-white dark:bg-blue-600' : 'bg-white hover:bg-zinc-50 dark:bg-zinc-900 dark:hover:bg-zinc-800'
            }`}
          >
            <input type="radio" className="sr-only" name={name} value={o.value} checked={value === o.value} disabled={!!o.disabled} onChange={() => onChange(o.value)} />
            {o.label}
          </label>
        ))}
      </div>
      {options.some((o) => o.disabled) ? (
        <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
          {options
            .filter((o) => o.disabled)
            .map((o) => `${o.label}: ${o.disabled}`)
            .join(' ')}
        </p>
      ) : null}
    </fieldset>
  );
}
