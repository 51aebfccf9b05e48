'use client';
/**
 * The comment thread of a study, a run or a comparison: author, time and body, oldest first; a
 * form to post (Ctrl/⌘+Enter posts too) and delete for the author or an owner. Talks to
 * /api/v1/{studies|runs|comparisons}/{id}/comments, so it works on any page that passes a target.
 */
import { useId, useState } from 'react';
import { apiJson, isoMinute } from './review-api';
import { buttonClass } from '@/app/_components/ui/ui';

export type CommentTargetType = 'study' | 'run' | 'comparison';

export interface CommentItem {
  id: string;
  authorName: string | null;
  authorEmail: string | null;
  body: string;
  createdAt: string;
  canDelete: boolean;
}

const PATHS: Record<CommentTargetType, string> = { study: 'studies', run: 'runs', comparison: 'comparisons' };
const NOUNS: Record<CommentTargetType, string> = { study: 'study', run: 'run', comparison: 'comparison' };

export function CommentsPanel({ targetType, targetId, initial, canComment }: { targetType: CommentTargetType; targetId: string; initial: CommentItem[]; canComment: boolean }) {
  const [comments, setComments] = useState(initial);
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const id = useId();
  const url = `/api/v1/${PATHS[targetType]}/${targetId}/comments`;

  async function post() {
    if (!body.trim()) {
      setError('Write something before posting.');
      return;
    }
    setPending(true);
    setError(null);
    const res = await apiJson<{ comment: CommentItem }>(url, { method: 'POST', body: { body } });
    setPending(false);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    setComments((c) => [...c, res.data.comment]);
    setBody('');
  }

  async function remove(comment: CommentItem) {
    if (!window.confirm('Delete this comment? This cannot be undone.')) return;
    const res = await apiJson<null>(`/api/v1/comments/${comment.id}`, { method: 'DELETE' });
    if (!res.ok) {
      setError(res.message);
      return;
    }
    setComments((c) => c.filter((x) => x.id !== comment.id));
  }

  return (
    <section aria-labelledby={`${id}-title`} className="rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900" data-testid="comments-panel">
      <h2 id={`${id}-title`} className="text-base font-semibold">
        Comments <span className="text-sm font-normal text-zinc-500">({comments.length})</span>
      </h2>
      {comments.length === 0 ? (
        <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400" data-testid="comments-empty">
          No comments on this {NOUNS[targetType]} yet.{canComment ? ' Questions, doubts and conclusions belong here, next to the numbers.' : ''}
        </p>
      ) : (
        <ol className="mt-3 space-y-3" aria-label="Comments">
          {comments.map((c) => (
            <li key={c.id} className="rounded-md border border-zinc-100 p-3 dark:border-zinc-800" data-testid="comment">
              <div className="flex flex-wrap items-baseline gap-x-2 text-xs text-zinc-500">
                <span className="font-medium text-zinc-800 dark:text-zinc-200" data-testid="comment-author">
                  {c.authorName ?? 'Former member'}
                </span>
                {c.authorEmail ? <span>{c.authorEmail}</span> : null}
                <time dateTime={c.createdAt}>{isoMinute(c.createdAt)}</time>
                {c.canDelete ? (
                  <button type="button" onClick={() => void remove(c)} className="ml-auto text-red-700 hover:underline dark:text-red-400" aria-label={`Delete comment by ${c.authorName ?? 'former member'} from ${isoMinute(c.createdAt)}`}>
                    Delete
                  </button>
                ) : null}
              </div>
              <p className="mt-1 whitespace-pre-wrap break-words text-sm" data-testid="comment-body">
                {c.body}
              </p>
            </li>
          ))}
        </ol>
      )}
      {canComment ? (
        <form
          className="mt-4 space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            void post();
          }}
        >
          <label htmlFor={`${id}-body`} className="block text-sm font-medium">
            Add a comment
          </label>
          <textarea
            id={`${id}-body`}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void post();
              }
            }}
            rows={3}
            maxLength={5000}
            aria-invalid={!!error}
            aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
            className="block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm dark:border-zinc-700 dark:bg-zinc-900"
            data-testid="comment-input"
          />
          <p id={`${id}-hint`} className="text-xs text-zinc-500">
            Plain text. Ctrl+Enter (⌘+Enter) posts.
          </p>
          {error ? (
            <p id={`${id}-error`} role="alert" className="text-sm text-red-700 dark:text-red-400">
              {error}
            </p>
          ) : null}
          <button type="submit" disabled={pending} className={buttonClass('primary', 'sm')} data-testid="comment-submit">
            {pending ? 'Posting…' : 'Post comment'}
          </button>
        </form>
      ) : null}
    </section>
  );
}
