'use client';
/**
 * "Submit a study": one of the viewer's studies on the benchmark's scenario, posted as an entry.
 * The server checks everything (external runs, the recipe's seeds) and its sentence is shown
 * next to the choice; on success the page re-renders with the new line.
 */
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiJson } from '@/app/_components/reviews/review-api';
import { Field } from '@/app/_components/ui/form-field';
import { buttonClass } from '@/app/_components/ui/ui';

export interface SubmittableStudy {
  id: string;
  name: string;
  teamName: string;
  external: boolean;
}

export function SubmitEntryForm({ benchmarkId, studies }: { benchmarkId: string; studies: SubmittableStudy[] }) {
  const router = useRouter();
  const [studyId, setStudyId] = useState(studies[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    const res = await apiJson<{ entry: { lines: unknown[] } }>(`/api/v1/benchmarks/${benchmarkId}/entries`, { method: 'POST', body: { studyId } });
    setBusy(false);
    if (!res.ok) {
      setError(res.message.replace(/^studyId: /, ''));
      return;
    }
    setDone('Submitted: the leaderboard below now lists it.');
    router.refresh();
  };
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      className="space-y-3"
      data-testid="submit-entry-form"
    >
      <Field id="entry-study" label="Your study" hint="Studies of your teams on this benchmark's scenario. Every method uploaded to it must have the recipe's seeds scored, each with its retrain." error={error ?? undefined}>
        <select
          id="entry-study"
          value={studyId}
          onChange={(e) => setStudyId(e.target.value)}
          aria-invalid={!!error}
          aria-describedby={['entry-study-hint', error ? 'entry-study-error' : ''].filter(Boolean).join(' ')}
          className="mt-1 block w-full max-w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        >
          {studies.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.teamName}{s.external ? ', external' : ''})
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" disabled={busy || !studyId} className={buttonClass('primary')}>
        {busy ? 'Submitting…' : 'Submit to the leaderboard'}
      </button>
      {done ? (
        <p role="status" className="text-sm text-green-700 dark:text-green-400">
          {done}
        </p>
      ) : null}
    </form>
  );
}
