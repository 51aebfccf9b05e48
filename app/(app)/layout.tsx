import Link from 'next/link';
import type { ReactNode } from 'react';
import { listMemberships } from '@/db/queries/teams';
import { pageActor } from '@/app/_lib/page-gate';
import { signOutAction } from '../(auth)/actions';
import { TeamSwitcher } from './team-switcher';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await pageActor();
  const teams = await listMemberships(actor.id);
  return (
    <div className="min-h-screen">
      <header className="border-b border-zinc-200 bg-white print:hidden dark:border-zinc-800 dark:bg-zinc-900">
        <nav aria-label="Main" className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-4 py-3">
          <Link href="/" className="text-lg font-semibold tracking-tight">
            Lethe
          </Link>
          <TeamSwitcher teams={teams.map((t) => ({ id: t.teamId, name: t.teamName, role: t.role }))} />
          <div className="ml-auto flex flex-wrap items-center gap-4 text-sm">
            <Link href="/benchmarks" className="hover:underline" data-testid="nav-benchmarks">
              Benchmarks
            </Link>
            {actor.isAdmin ? (
              <Link href="/admin" className="hover:underline">
                Admin
              </Link>
            ) : null}
            <Link href="/tokens" className="hover:underline">
              API tokens
            </Link>
            <Link href="/profile" className="hover:underline" data-testid="profile-link">
              {actor.name}
            </Link>
            <form action={signOutAction}>
              <button type="submit" className="text-zinc-600 hover:underline dark:text-zinc-400">
                Sign out
              </button>
            </form>
          </div>
        </nav>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        {children}
      </main>
    </div>
  );
}
