import type { ReactNode } from 'react';
import { Badge } from '@/app/_components/ui/ui';
import { pageTeam } from '@/app/_lib/page-gate';
import { roleCan } from '@/lib/auth/permissions';
import { TeamNav } from './team-nav';

export default async function TeamLayout({ children, params }: { children: ReactNode; params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const access = await pageTeam(teamId, 'team.read');
  const canAudit = access.role ? roleCan(access.role, 'team.audit') : access.actor.isAdmin;
  const links = [
    { href: `/teams/${teamId}`, label: 'Overview', exact: true },
    { href: `/teams/${teamId}/datasets`, label: 'Datasets' },
    { href: `/teams/${teamId}/scenarios`, label: 'Scenarios' },
    { href: `/teams/${teamId}/studies`, label: 'Studies' },
    { href: `/teams/${teamId}/comparisons`, label: 'Comparisons' },
    { href: `/teams/${teamId}/jobs`, label: 'Jobs' },
    { href: `/teams/${teamId}/members`, label: 'Members' },
    ...(canAudit ? [{ href: `/teams/${teamId}/audit`, label: 'Audit log' }] : []),
  ];
  return (
    <div>
      <div className="mb-6 flex flex-wrap items-center gap-3 border-b border-zinc-200 pb-3 print:hidden dark:border-zinc-800">
        <span className="text-sm font-semibold" data-testid="team-name">
          {access.teamName}
        </span>
        <Badge tone="blue">{access.role ?? 'admin'}</Badge>
        <TeamNav links={links} />
      </div>
      {children}
    </div>
  );
}
