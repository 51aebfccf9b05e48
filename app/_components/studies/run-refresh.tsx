'use client';
/** Re-renders a server page every few seconds while its run is still active (the run page is not streamed). */
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

export function RunAutoRefresh({ active, everyMs = 3000 }: { active: boolean; everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs, router]);
  return active ? (
    <p className="text-xs text-zinc-500" role="status">
      This run is still active; the page refreshes every {Math.round(everyMs / 1000)} s.
    </p>
  ) : null;
}
