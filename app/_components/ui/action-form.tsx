'use client';
/**
 * One form component for every server action: fields described as data, inline errors per
 * field (linked with aria-describedby), a form-level message, and one-time values shown after
 * success (a new API token, an invite link) with a copy button.
 */
import { useActionState, useEffect, useId, useRef, useState } from 'react';
import type { ActionState } from '@/lib/auth/validated-action';
import { Field } from './form-field';
import { buttonClass, type ButtonVariant } from './ui';

export interface FieldSpec {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'select' | 'hidden';
  autoComplete?: string;
  defaultValue?: string;
  placeholder?: string;
  hint?: string;
  options?: Array<{ value: string; label: string }>;
  required?: boolean;
}

export interface ActionFormProps {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  fields: FieldSpec[];
  submitLabel: string;
  pendingLabel?: string;
  variant?: ButtonVariant;
  inline?: boolean;
  /** Asks for confirmation before submitting (destructive actions). */
  confirm?: string;
  testId?: string;
}

function CopyValue({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="mt-2">
      <div className="text-xs font-medium text-zinc-600 dark:text-zinc-400">{label}</div>
      <div className="mt-1 flex items-center gap-2">
        <code data-testid={`value-${label}`} className="block flex-1 overflow-x-auto rounded bg-zinc-100 px-2 py-1.5 text-xs dark:bg-zinc-800">
          {value}
        </code>
        <button
          type="button"
          className={buttonClass('secondary', 'sm')}
          onClick={() => {
            void navigator.clipboard?.writeText(value).then(() => setCopied(true));
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
    </div>
  );
}

export function ActionForm({ action, fields, submitLabel, pendingLabel, variant = 'primary', inline = false, confirm, testId }: ActionFormProps) {
  const [state, formAction, pending] = useActionState(action, {});
  const formRef = useRef<HTMLFormElement>(null);
  const idBase = useId();

  useEffect(() => {
    if (state.success && !state.error) formRef.current?.reset();
  }, [state]);

  const visible = fields.filter((f) => f.type !== 'hidden');
  return (
    <form
      ref={formRef}
      action={formAction}
      data-testid={testId}
      noValidate
      onSubmit={(e) => {
        if (confirm && !window.confirm(confirm)) e.preventDefault();
      }}
      className={inline ? 'flex flex-wrap items-end gap-2' : 'space-y-4'}
    >
      {fields
        .filter((f) => f.type === 'hidden')
        .map((f) => (
          <input key={f.name} type="hidden" name={f.name} value={f.defaultValue ?? ''} />
        ))}
      {visible.map((f) => {
        const id = `${idBase}-${f.name}`;
        const error = state.fieldErrors?.[f.name];
        const value = state.values?.[f.name] ?? f.defaultValue ?? '';
        const describedBy = [error ? `${id}-error` : null, f.hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
        const inputClass = `mt-1 block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm dark:bg-zinc-900 ${
          error ? 'border-red-500' : 'border-zinc-300 dark:border-zinc-700'
        }`;
        return (
          <Field key={f.name} id={id} label={f.label} hint={f.hint} error={error} className={inline ? 'min-w-40' : undefined}>
            {f.type === 'select' ? (
              <select id={id} name={f.name} defaultValue={value} aria-invalid={!!error} aria-describedby={describedBy} className={inputClass}>
                {f.options?.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={id}
                name={f.name}
                type={f.type ?? 'text'}
                key={value}
                defaultValue={f.type === 'password' ? undefined : value}
                autoComplete={f.autoComplete}
                placeholder={f.placeholder}
                aria-invalid={!!error}
                aria-describedby={describedBy}
                aria-required={f.required}
                className={inputClass}
              />
            )}
          </Field>
        );
      })}
      {state.error && !Object.keys(state.fieldErrors ?? {}).some((k) => visible.some((f) => f.name === k)) ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
          {state.error}
        </p>
      ) : null}
      <button type="submit" disabled={pending} className={buttonClass(variant, inline ? 'sm' : 'md')}>
        {pending ? (pendingLabel ?? 'Working…') : submitLabel}
      </button>
      {state.success ? (
        <div role="status" className={`rounded-md bg-green-50 px-3 py-2 text-sm text-green-800 dark:bg-green-950 dark:text-green-300 ${inline ? 'w-full' : ''}`}>
          {state.success}
          {Object.entries(state.data ?? {}).map(([label, value]) => (
            <CopyValue key={label} label={label} value={value} />
          ))}
        </div>
      ) : null}
    </form>
  );
}
