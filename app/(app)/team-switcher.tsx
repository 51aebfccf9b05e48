'use client';
import { usePathname, useRouter } from 'next/navigation';

export const TEAM_COOKIE = 'lethe-team';

export function TeamSwitcher({ teams }: { teams: Array<{ id: string; name: string; role: string }> }) {
  const router = useRouter();
  const pathname = usePathname();
  const current = /^\/teams\/([0-9a-f-]{36})/.exec(pathname)?.[1] ?? '';
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="sr-only">Switch team</span>
      <select
        aria-label="Switch team"
        data-testid="team-switcher"
        value={current}
        onChange={(e) => {
          const id = e.target.value;
          if (id === '__new') return router.push('/teams/new');
          document.cookie = `${TEAM_COOKIE}=${id}; path=/; max-age=31536000; samesite=lax`;
          router.push(`/teams/${id}`);
        }}
        className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
      >
        {current === '' ? <option value="">Choose a team…</option> : null}
        {teams.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name} ({t.role})
          </option>
        ))}
        <option value="__new">+ New team…</option>
      </select>
    </label>
  );
}
