import type { AuditRow } from '@/db/queries/audit';
import { EmptyState, formatDate, Table } from './ui';

export function AuditTable({ events, showTeam = false }: { events: AuditRow[]; showTeam?: boolean }) {
  if (events.length === 0) return <EmptyState title="No events yet">Member changes, sign-in failures and token changes will be listed here.</EmptyState>;
  return (
    <Table label="Audit events" head={['When', 'Event', 'Who', ...(showTeam ? ['Team'] : []), 'Details']}>
      {events.map((e) => (
        <tr key={e.id}>
          <td className="whitespace-nowrap px-2 py-2 text-zinc-600 dark:text-zinc-400">{formatDate(e.createdAt)}</td>
          <td className="px-2 py-2 font-mono text-xs">{e.action}</td>
          <td className="px-2 py-2">{e.actorEmail ?? '—'}</td>
          {showTeam ? <td className="px-2 py-2">{e.teamName ?? '—'}</td> : null}
          <td className="px-2 py-2 font-mono text-xs text-zinc-600 dark:text-zinc-400">
            {Object.entries(e.details)
              .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
              .join(' ')}
            {e.ip ? ` ip=${e.ip}` : ''}
          </td>
        </tr>
      ))}
    </Table>
  );
}
