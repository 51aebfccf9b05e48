'use client';
/**
 * The buttons beside a leaderboard line: verify / unverify for owners and reviewers of the
 * benchmark's team, withdraw for the submitting team. Each calls the API and re-renders the
 * page from the server; a refusal shows the server's sentence.
 */
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiJson } from '@/app/_components/reviews/review-api';
import { buttonClass } from '@/app/_components/ui/ui';

export function EntryActions({ benchmarkId, entryId, verified, canVerify, canWithdraw, label }: { benchmarkId: string; entryId: string; verified: boolean; canVerify: boolean; canWithdraw: boolean; label: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const url = `/api/v1/benchmarks/${benchmarkId}/entries/${entryId}`;
  const act = async (init: { method: string; body?: unknown }) => {
    setBusy(true);
    setError(null);
    const res = await apiJson<unknown>(url, init);
    setBusy(false);
    if (!res.ok) setError(res.message);
    else router.refresh();
  };
  if (!canVerify && !canWithdraw) return null;
  return (
    <>
      {canVerify ? (
        <button type="button" disabled={busy} className={buttonClass('secondary', 'sm')} onClick={() => void act({ method: 'PATCH', body: { verified: !verified } })} data-testid="entry-verify">
          {verified ? 'Mark unverified' : 'Mark verified'}
        </button>
      ) : null}
      {canWithdraw ? (
        <button
          type="button"
          disabled={busy}
          className={buttonClass('danger', 'sm')}
          onClick={() => {
            if (window.confirm(`Withdraw "${label}" from this leaderboard? Its dashboard link stops working; submit again to come back.`)) void act({ method: 'DELETE' });
          }}
          data-testid="entry-withdraw"
        >
          Withdraw
        </button>
      ) : null}
      {error ? (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </span>
      ) : null}
    </>
  );
}
