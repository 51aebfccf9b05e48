'use client';
/**
 * "New version": re-ingests the stored source with changed column choices or split (the versions
 * API), shows the server's progress, and opens the new version. Earlier versions stay as they
 * are; studies keep pointing at theirs.
 */
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import type { ColumnSchema } from '@/lib/data/types';
import { ColumnChoices } from './column-choices';
import { columnsProblem } from './column-rules';
import { fieldErrorsOf, sendWithProgress, type ServerProgress } from '@/app/_components/ui/progress-request';
import { buttonClass } from '@/app/_components/ui/ui';

interface Props {
  datasetId: string;
  teamId: string;
  latestVersion: number;
  kind: 'tabular' | 'image';
  format: string | null;
  schema: ColumnSchema[];
  classNames: string[];
  trainFraction: number;
  splitSeed: number;
}

const input = (error?: string) =>
  `mt-1 block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm dark:bg-zinc-900 ${error ? 'border-red-500' : 'border-zinc-300 dark:border-zinc-700'}`;

export function NewVersionPanel(props: Props) {
  const router = useRouter();
  const id = useId();
  const [columns, setColumns] = useState<ColumnSchema[]>(props.schema);
  const [classNames, setClassNames] = useState(props.classNames.join(', '));
  const [trainFraction, setTrainFraction] = useState(String(props.trainFraction));
  const [splitSeed, setSplitSeed] = useState(String(props.splitSeed));
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState<ServerProgress | 'starting' | null>(null);

  async function submit() {
    setError(null);
    const local: Record<string, string> = {};
    const fraction = Number(trainFraction);
    if (!(fraction > 0 && fraction < 1)) local.trainFraction = 'Enter a fraction between 0 and 1, for example 0.8.';
    const seed = Number(splitSeed);
    if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) local.splitSeed = 'Enter a whole number from 0 to 2147483647.';
    if (props.kind === 'tabular') {
      const problem = columnsProblem(columns);
      if (problem) local.columns = problem;
    }
    setErrors(local);
    if (Object.keys(local).length) return;

    const change: Record<string, unknown> = { trainFraction: fraction, splitSeed: seed };
    if (props.kind === 'tabular') change.columns = columns;
    if (props.format === 'idx' && classNames.trim()) change.classNames = classNames.split(',').map((s) => s.trim());
    if (note.trim()) change.note = note.trim();

    setWorking('starting');
    const outcome = await sendWithProgress<{ version: number }>({
      method: 'POST',
      url: `/api/v1/datasets/${props.datasetId}/versions`,
      body: JSON.stringify(change),
      contentType: 'application/json',
      onServer: (p) => setWorking(p),
    }).done;
    setWorking(null);
    if (outcome.ok) {
      router.push(`/teams/${props.teamId}/datasets/${props.datasetId}?version=${outcome.result.version}`);
      router.refresh();
      return;
    }
    setErrors(fieldErrorsOf(outcome.error));
    setError(outcome.error.message);
  }

  return (
    <div className="space-y-5" data-testid="new-version-panel">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">Starts from version {props.latestVersion}, the latest, and its stored file. Change what you need; the result is version {props.latestVersion + 1}.</p>
      {props.kind === 'tabular' && columns.length > 0 ? (
        <ColumnChoices idPrefix={id} columns={columns} onChange={setColumns} error={errors.columns ?? Object.entries(errors).find(([k]) => k.startsWith('columns.'))?.[1]} />
      ) : null}
      {props.format === 'idx' ? (
        <div>
          <label htmlFor={`${id}-classes`} className="block text-sm font-medium">
            Class names
          </label>
          <input id={`${id}-classes`} value={classNames} onChange={(e) => setClassNames(e.target.value)} className={input(errors.classNames)} aria-describedby={`${id}-classes-hint`} />
          <p id={`${id}-classes-hint`} className="mt-1 text-xs text-zinc-500">
            Comma separated, in label order.
          </p>
        </div>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-3">
        {(['trainFraction', 'splitSeed'] as const).map((field) => {
          const fieldId = `${id}-${field}`;
          const value = field === 'trainFraction' ? trainFraction : splitSeed;
          const set = field === 'trainFraction' ? setTrainFraction : setSplitSeed;
          return (
            <div key={field}>
              <label htmlFor={fieldId} className="block text-sm font-medium">
                {field === 'trainFraction' ? 'Train fraction' : 'Split seed'}
              </label>
              <input
                id={fieldId}
                inputMode={field === 'trainFraction' ? 'decimal' : 'numeric'}
                value={value}
                onChange={(e) => set(e.target.value)}
                aria-invalid={!!errors[field]}
                aria-describedby={errors[field] ? `${fieldId}-error` : undefined}
                className={input(errors[field])}
              />
              {errors[field] ? (
                <p id={`${fieldId}-error`} role="alert" className="mt-1 text-xs text-red-600 dark:text-red-400">
                  {errors[field]}
                </p>
              ) : null}
            </div>
          );
        })}
        <div>
          <label htmlFor={`${id}-note`} className="block text-sm font-medium">
            Note (optional)
          </label>
          <input id={`${id}-note`} value={note} onChange={(e) => setNote(e.target.value)} placeholder="What changed, and why" maxLength={500} className={input(errors.note)} />
        </div>
      </div>
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300" data-testid="new-version-error">
          {error}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" className={buttonClass('primary')} onClick={() => void submit()} disabled={working !== null}>
          {working ? 'Making the version…' : `Save as version ${props.latestVersion + 1}`}
        </button>
        {working ? (
          <span role="status" aria-live="polite" className="text-sm text-zinc-600 dark:text-zinc-400">
            {working === 'starting' ? 'Reading the stored file…' : `Processing (${working.phase}): ${working.rows.toLocaleString('en')} rows read`}
          </span>
        ) : null}
      </div>
    </div>
  );
}
