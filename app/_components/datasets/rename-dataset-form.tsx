'use client';
/**
 * A one-field rename form for table rows (the admin dataset list): the label is for screen
 * readers only so the row stays compact; errors (a taken name) show under the field.
 */
import { useActionState, useId } from 'react';
import type { ActionState } from '@/lib/auth/validated-action';
import { buttonClass } from '@/app/_components/ui/ui';

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

export function RenameDatasetForm({ datasetId, name, action }: { datasetId: string; name: string; action: Action }) {
  const [state, formAction, pending] = useActionState(action, {});
  const id = useId();
  const error = state.fieldErrors?.name ?? state.error;
  return (
    <form action={formAction} noValidate className="min-w-56">
      <input type="hidden" name="datasetId" value={datasetId} />
      <div className="flex items-center gap-2">
        <label htmlFor={`${id}-name`} className="sr-only">
          New name for {name}
        </label>
        <input
          id={`${id}-name`}
          name="name"
          key={name}
          defaultValue={state.values?.name ?? name}
          aria-invalid={!!error}
          aria-describedby={error ? `${id}-error` : undefined}
          className={`block w-full rounded-md border bg-white px-2 py-1 text-sm dark:bg-zinc-900 ${error ? 'border-red-500' : 'border-zinc-300 dark:border-zinc-700'}`}
        />
        <button type="submit" className={buttonClass('secondary', 'sm')} disabled={pending}>
          {pending ? 'Saving…' : 'Rename'}
        </button>
      </div>
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-1 text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : state.success ? (
        <p role="status" className="mt-1 text-xs text-green-700 dark:text-green-400">
          {state.success}
        </p>
      ) : null}
    </form>
  );
}
