'use client';
/** Withdraw a benchmark (owners of its team), after asking; the page then says it is withdrawn. */
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiJson } from '@/app/_components/reviews/review-api';
import { buttonClass } from '@/app/_components/ui/ui';

export function WithdrawBenchmarkButton({ benchmarkId, name }: { benchmarkId: string; name: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button
        type="button"
        disabled={busy}
        className={buttonClass('danger', 'sm')}
        data-testid="benchmark-withdraw"
        onClick={() => {
          if (!window.confirm(`Withdraw the benchmark "${name}"? Other teams will no longer see it or its package. Its entries stay with it; publishing the scenario again makes a new benchmark without them.`)) return;
          setBusy(true);
          void apiJson<unknown>(`/api/v1/benchmarks/${benchmarkId}`, { method: 'DELETE' }).then((res) => {
            setBusy(false);
            if (!res.ok) setError(res.message);
            else router.refresh();
          });
        }}
      >
        Withdraw benchmark
      </button>
      {error ? (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </span>
      ) : null}
    </span>
  );
}
