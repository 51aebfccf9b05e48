'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

export function TeamNav({ links }: { links: Array<{ href: string; label: string; exact?: boolean }> }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Team" className="flex flex-wrap gap-1 text-sm">
      {links.map((l) => {
        // Overview is the team root: only an exact match; sections stay active on their sub-pages.
        const active = pathname === l.href || (l.exact !== true && pathname.startsWith(l.href + '/'));
        return (
          <Link
            key={l.href}
            href={l.href}
            aria-current={active ? 'page' : undefined}
            className={`rounded-md px-2.5 py-1 ${active ? 'bg-zinc-200 font-medium dark:bg-zinc-800' : 'hover:bg-zinc-100 dark:hover:bg-zinc-800'}`}
          >
            {l.label}
          </Link>
        );
      })}
    </nav>
  );
}
