'use client';
/**
 * A study's review status with its history. Reviewers and owners set it (with an optional
 * note, and for "in review" optionally the member asked to review it, whose queue on the team
 * overview it then waits in); everyone else sees the status and who set it when.
 */
import { useId, useState } from 'react';
import { apiJson, isoMinute, REVIEW_STATUS_LABELS, type ReviewStatusName } from './review-api';
import { Badge, buttonClass } from '@/app/_components/ui/ui';


export interface ReviewHistoryItem {
  id: string;
  status: ReviewStatusName;
  note: string;
  actorName: string | null;
  actorEmail: string | null;
  assigneeName: string | null;
  createdAt: string;
}

export interface ReviewPerson {
  id: string;
  name: string;
}

interface ReviewStateJson {
  status: ReviewStatusName;
  history: ReviewHistoryItem[];
  assignee: ReviewPerson | null;
}


const TONES: Record<ReviewStatusName, 'zinc' | 'blue' | 'green' | 'amber'> = { none: 'zinc', in_review: 'blue', approved: 'green', changes_requested: 'amber' };

export function ReviewBadge({ status }: { status: ReviewStatusName }) {
  return (
    <span data-testid="review-status-badge" data-status={status}>
      <Badge tone={TONES[status]}>{REVIEW_STATUS_LABELS[status]}</Badge>
    </span>
  );
}

export function ReviewStatusControl({ studyId, initial, canSet, reviewers = [] }: { studyId: string; initial: ReviewStateJson; canSet: boolean; reviewers?: Array<ReviewPerson & { role: string }> }) {
  const [state, setState] = useState(initial);
  const [choice, setChoice] = useState<ReviewStatusName>(initial.status === 'none' ? 'in_review' : initial.status);
  const [note, setNote] = useState('');
  const [assigneeId, setAssigneeId] = useState(initial.assignee?.id ?? '');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const id = useId();

  async function save() {
    setPending(true);
    setError(null);
    const res = await apiJson<ReviewStateJson>(`/api/v1/studies/${studyId}/review`, { method: 'POST', body: { status: choice, note, assigneeId: choice === 'in_review' && assigneeId ? assigneeId : null } });
    setPending(false);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    setState({ status: res.data.status, history: res.data.history, assignee: res.data.assignee });
    setNote('');
  }

  return (
    <section aria-labelledby={`${id}-title`} className="rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900" data-testid="review-panel">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id={`${id}-title`} className="text-base font-semibold">
          Review
        </h2>
        <ReviewBadge status={state.status} />
        {state.assignee ? (
          <span className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="review-assignee">
            for {state.assignee.name}
          </span>
        ) : null}
      </div>
      {canSet ? (
        <form
          className="mt-4 flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <div>
            <label htmlFor={`${id}-status`} className="block text-sm font-medium">
              Status
            </label>
            <select id={`${id}-status`} value={choice} onChange={(e) => setChoice(e.target.value as ReviewStatusName)} className="mt-1 block rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900" data-testid="review-select">
              {(Object.keys(REVIEW_STATUS_LABELS) as ReviewStatusName[]).map((s) => (
                <option key={s} value={s}>
                  {REVIEW_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          {choice === 'in_review' && reviewers.length ? (
            <div>
              <label htmlFor={`${id}-assignee`} className="block text-sm font-medium">
                For
              </label>
              <select id={`${id}-assignee`} value={assigneeId} onChange={(e) => setAssigneeId(e.target.value)} className="mt-1 block rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900" data-testid="review-assignee-select">
                <option value="">anyone who reviews</option>
                {reviewers.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name} ({r.role})
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div className="min-w-60 flex-1">
            <label htmlFor={`${id}-note`} className="block text-sm font-medium">
              Note <span className="font-normal text-zinc-500">(optional)</span>
            </label>
            <input id={`${id}-note`} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} className="mt-1 block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900" data-testid="review-note" />
          </div>
          <button type="submit" disabled={pending} className={buttonClass('primary', 'md')} data-testid="review-submit">
            {pending ? 'Saving…' : 'Set status'}
          </button>
          {error ? (
            <p role="alert" className="w-full text-sm text-red-700 dark:text-red-400">
              {error}
            </p>
          ) : null}
        </form>
      ) : (
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">Reviewers and owners set the review status; comment below to take part.</p>
      )}
      <h3 className="mt-5 text-sm font-semibold">History</h3>
      {state.history.length === 0 ? (
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">No review yet.</p>
      ) : (
        <ol className="mt-2 space-y-2 text-sm" aria-label="Review history" data-testid="review-history">
          {state.history.map((h) => (
            <li key={h.id} className="flex flex-wrap items-baseline gap-x-2" data-testid="review-history-item" data-status={h.status}>
              <ReviewBadgeInline status={h.status} />
              <span className="text-zinc-700 dark:text-zinc-300">
                {h.actorName ?? 'Former member'}
                {h.assigneeName ? <span className="text-zinc-500"> · for {h.assigneeName}</span> : null}
              </span>
              <time dateTime={h.createdAt} className="text-xs text-zinc-500">
                {isoMinute(h.createdAt)}
              </time>
              {h.note ? <span className="w-full text-zinc-600 dark:text-zinc-400">“{h.note}”</span> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function ReviewBadgeInline({ status }: { status: ReviewStatusName }) {
  return <Badge tone={TONES[status]}>{REVIEW_STATUS_LABELS[status]}</Badge>;
}
