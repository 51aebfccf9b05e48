'use client';
/**
 * Small form controls of the scenario builder. Numbers are typed into text inputs that keep
 * what the user typed (a half-typed "0." or an empty box) and report NaN for anything that is
 * not a number: the preview then answers with the spec's own error message next to the field,
 * so the client never needs a second copy of the validation rules.
 */
import { createContext, useContext, useId, useState, type ReactNode } from 'react';
import { fieldWithin } from './scenario-model';

/** The current error from the API (preview or save): its JSON path and message. */
export interface FieldErrorState {
  field?: string;
  message: string;
}

export const ScenarioErrorContext = createContext<FieldErrorState | null>(null);

/** The message when the current error's field satisfies `match`. */
export function useErrorWhere(match: (field: string) => boolean): string | undefined {
  const error = useContext(ScenarioErrorContext);
  return error?.field && match(error.field) ? error.message : undefined;
}

/** The message when the current error is at `path` or below it. */
export function useErrorWithin(path: string): string | undefined {
  return useErrorWhere((f) => fieldWithin(f, path));
}

export function ErrorText({ id, message }: { id?: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" data-inline-error="" className="mt-1 text-xs text-red-600 dark:text-red-400">
      {message}
    </p>
  );
}

export function inputClass(invalid = false): string {
  return `block w-full rounded-md border bg-white px-2.5 py-1.5 text-sm shadow-sm dark:bg-zinc-900 ${invalid ? 'border-red-500' : 'border-zinc-300 dark:border-zinc-700'}`;
}

function formatNumber(n: number | undefined, scale: number): string {
  if (n === undefined || Number.isNaN(n)) return '';
  // Scaling 0.07 by 100 gives 7.000000000000001; round away the float noise for display.
  return String(Number((n * scale).toFixed(6)));
}

function parseNumber(text: string, scale: number): number {
  const t = text.trim().replace(/%$/, '').trim();
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return Number.NaN;
  return Number(t) / scale;
}

export interface NumberFieldProps {
  label: string;
  value: number | undefined;
  onChange: (value: number) => void;
  /** The JSON path of this value, so an API error about it shows here. */
  path?: string;
  hint?: ReactNode;
  /** Shows and accepts percent while the value stays a fraction. */
  percent?: boolean;
  className?: string;
  testId?: string;
}

export function NumberField({ label, value, onChange, path, hint, percent = false, className = '', testId }: NumberFieldProps) {
  const id = useId();
  const scale = percent ? 100 : 1;
  const [draft, setDraft] = useState(() => formatNumber(value, scale));
  const [shown, setShown] = useState(value);
  // A new value from outside (a template, a mode switch) replaces the draft, unless the draft
  // already means that value (then the user's own formatting, like "10.", is kept).
  if (!Object.is(shown, value)) {
    setShown(value);
    if (!Object.is(parseNumber(draft, scale), value)) setDraft(formatNumber(value, scale));
  }
  const error = useErrorWhere((f) => path !== undefined && f === path);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-xs font-medium">
        {label}
        {percent ? ' (%)' : ''}
      </label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        value={draft}
        data-testid={testId}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          const parsed = parseNumber(e.target.value, scale);
          setShown(parsed);
          onChange(parsed);
        }}
        className={`mt-1 ${inputClass(!!error)}`}
      />
      {hint ? (
        <p id={hintId} className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
      <ErrorText id={errorId} message={error} />
    </div>
  );
}

export function SelectField({
  label,
  value,
  onChange,
  options,
  path,
  className = '',
  testId,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: Array<{ value: string; label: string }>;
  path?: string;
  className?: string;
  testId?: string;
}) {
  const id = useId();
  const error = useErrorWhere((f) => path !== undefined && f === path);
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-xs font-medium">
        {label}
      </label>
      <select
        id={id}
        value={value}
        data-testid={testId}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
        className={`mt-1 ${inputClass(!!error)}`}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorText id={`${id}-error`} message={error} />
    </div>
  );
}

/** A row of radio buttons that looks like a segmented control but stays a native radio group. */
export function Segmented<T extends string>({
  legend,
  value,
  onChange,
  options,
  name,
}: {
  legend: string;
  value: T;
  onChange: (value: T) => void;
  options: Array<{ value: T; label: string; disabled?: boolean }>;
  name: string;
}) {
  return (
    <fieldset>
      <legend className="text-xs font-medium">{legend}</legend>
      <div className="mt-1 flex flex-wrap gap-1">
        {options.map((o) => (
          <label
            key={o.value}
            className={`cursor-pointer rounded-md border px-2.5 py-1 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-500 ${
              value === o.value
                ? 'border-brand-600 bg-brand-50 font-medium text-brand-700 dark:border-blue-400 dark:bg-blue-950 dark:text-blue-200'
                : 'border-zinc-300 hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800'
            } ${o.disabled ? 'cursor-not-allowed opacity-50' : ''}`}
          >
            <input type="radio" name={name} value={o.value} checked={value === o.value} disabled={o.disabled} onChange={() => onChange(o.value)} className="sr-only" />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
