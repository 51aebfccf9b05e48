'use client';
/**
 * Deleting a dataset: a modal dialog (native <dialog>: focus stays inside, Escape closes) that
 * lists what depends on the dataset and asks for its exact name. The server checks both again
 * and refuses while studies use it; its message is shown here.
 */
import { useActionState, useId, useRef, useState } from 'react';
import type { ActionState } from '@/lib/auth/validated-action';
import { buttonClass } from '@/app/_components/ui/ui';

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

export interface Dependents {
  scenarios: Array<{ id: string; name: string }>;
  studies: Array<{ id: string; name: string }>;
}

export function DeleteDatasetDialog({
  datasetId,
  datasetName,
  dependents,
  returnTo,
  action,
  size = 'md',
}: {
  datasetId: string;
  datasetName: string;
  /** Null when not looked up (the admin list); the server still reports them if they block. */
  dependents: Dependents | null;
  returnTo: 'team' | 'admin';
  action: Action;
  size?: 'sm' | 'md';
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState('');
  const [state, formAction, pending] = useActionState(action, {});
  const id = useId();

  return (
    <>
      <button type="button" className={buttonClass('danger', size)} onClick={() => dialogRef.current?.showModal()}>
        Delete…
      </button>
      <dialog
        ref={dialogRef}
        aria-labelledby={`${id}-title`}
        data-testid="delete-dataset-dialog"
        className="m-auto w-full max-w-lg rounded-lg border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-black/50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      >
        <form action={formAction} className="space-y-4 p-5" noValidate>
          <input type="hidden" name="datasetId" value={datasetId} />
          <input type="hidden" name="returnTo" value={returnTo} />
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            Delete &ldquo;{datasetName}&rdquo;?
          </h2>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">All its versions and stored files are deleted. This cannot be undone; archiving hides a dataset and keeps it.</p>
          {dependents ? (
            <div className="text-sm" data-testid="dataset-dependents">
              {dependents.studies.length > 0 ? (
                <p className="rounded-md bg-amber-50 px-3 py-2 text-amber-900 dark:bg-amber-950 dark:text-amber-200">
                  {dependents.studies.length} {dependents.studies.length === 1 ? 'study uses' : 'studies use'} it: {dependents.studies.map((s) => s.name).join(', ')}. Delete those studies first, or
                  archive the dataset instead.
                </p>
              ) : null}
              {dependents.scenarios.length > 0 ? (
                <p className="mt-2">
                  Its {dependents.scenarios.length} scenario{dependents.scenarios.length === 1 ? '' : 's'} ({dependents.scenarios.map((s) => s.name).join(', ')}) will be deleted with it.
                </p>
              ) : null}
              {dependents.studies.length === 0 && dependents.scenarios.length === 0 ? <p>No scenarios or studies use it.</p> : null}
            </div>
          ) : null}
          <div>
            <label htmlFor={`${id}-confirm`} className="block text-sm font-medium">
              Type the dataset&rsquo;s name, <span className="font-mono">{datasetName}</span>, to confirm
            </label>
            <input
              id={`${id}-confirm`}
              name="confirm"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={!!state.error}
              aria-describedby={state.error ? `${id}-error` : undefined}
              className="mt-1 block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm dark:border-zinc-700 dark:bg-zinc-900"
            />
          </div>
          {state.error ? (
            <p id={`${id}-error`} role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
              {state.error}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <button type="button" className={buttonClass('secondary')} onClick={() => dialogRef.current?.close()}>
              Cancel
            </button>
            <button type="submit" className={`${buttonClass('danger')} disabled:opacity-50`} disabled={pending || typed !== datasetName}>
              {pending ? 'Deleting…' : 'Delete permanently'}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
