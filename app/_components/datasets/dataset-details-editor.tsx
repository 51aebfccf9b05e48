'use client';
/**
 * A dataset's name and description, edited in place by writers (a server action that calls
 * updateDatasetDetails). Readers see the same text without the edit button.
 */
import { useActionState, useId, useState } from 'react';
import type { ActionState } from '@/lib/auth/validated-action';
import { buttonClass } from '@/app/_components/ui/ui';

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

export function DatasetDetailsEditor({ datasetId, name, description, canEdit, action }: { datasetId: string; name: string; description: string; canEdit: boolean; action: Action }) {
  const [editing, setEditing] = useState(false);
  const id = useId();
  const [state, formAction, pending] = useActionState<ActionState, FormData>(async (prev, formData) => {
    const next = await action(prev, formData);
    // Closing here rather than in an effect: the form closes in the same update that shows success.
    if (next.success && !next.error) setEditing(false);
    return next;
  }, {});

  if (!editing) {
    return (
      <div className="max-w-3xl">
        <h1 className="text-2xl font-semibold tracking-tight" data-testid="dataset-name">
          {name}
        </h1>
        <p className="mt-1 whitespace-pre-line text-sm text-zinc-600 dark:text-zinc-400" data-testid="dataset-description">
          {description || (canEdit ? 'No description yet: say where the data comes from, its licence and what a row is.' : 'No description.')}
        </p>
        {canEdit ? (
          <div className="mt-2 flex items-center gap-3">
            <button type="button" className={buttonClass('secondary', 'sm')} onClick={() => setEditing(true)}>
              Edit name and description
            </button>
            {state.success ? (
              <span role="status" className="text-xs text-green-700 dark:text-green-400">
                {state.success}
              </span>
            ) : null}
          </div>
        ) : null}
      </div>
    );
  }

  const nameError = state.fieldErrors?.name;
  const descriptionError = state.fieldErrors?.description;
  const field = (error?: string) =>
    `mt-1 block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm dark:bg-zinc-900 ${error ? 'border-red-500' : 'border-zinc-300 dark:border-zinc-700'}`;
  return (
    <form action={formAction} className="max-w-3xl space-y-3" noValidate data-testid="dataset-details-form">
      <input type="hidden" name="datasetId" value={datasetId} />
      <div>
        <label htmlFor={`${id}-name`} className="block text-sm font-medium">
          Name
        </label>
        <input
          id={`${id}-name`}
          name="name"
          defaultValue={state.values?.name ?? name}
          autoFocus
          aria-invalid={!!nameError}
          aria-describedby={nameError ? `${id}-name-error` : undefined}
          className={field(nameError)}
        />
        {nameError ? (
          <p id={`${id}-name-error`} role="alert" className="mt-1 text-xs text-red-600 dark:text-red-400">
            {nameError}
          </p>
        ) : null}
      </div>
      <div>
        <label htmlFor={`${id}-description`} className="block text-sm font-medium">
          Description
        </label>
        <textarea
          id={`${id}-description`}
          name="description"
          rows={4}
          defaultValue={state.values?.description ?? description}
          aria-invalid={!!descriptionError}
          aria-describedby={descriptionError ? `${id}-description-error` : undefined}
          className={field(descriptionError)}
        />
        {descriptionError ? (
          <p id={`${id}-description-error`} role="alert" className="mt-1 text-xs text-red-600 dark:text-red-400">
            {descriptionError}
          </p>
        ) : null}
      </div>
      {state.error && !nameError && !descriptionError ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
          {state.error}
        </p>
      ) : null}
      <div className="flex gap-2">
        <button type="submit" className={buttonClass('primary', 'sm')} disabled={pending}>
          {pending ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className={buttonClass('secondary', 'sm')} onClick={() => setEditing(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
