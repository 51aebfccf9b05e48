'use client';
/**
 * Share links of one study or comparison (owners and researchers): create one with an optional
 * expiry, copy its URL (shown once: only a hash is stored), see each link's status and last
 * use, revoke. Talks to /api/v1/teams/{teamId}/share-links and /api/v1/share-links/{id}.
 */
import { useId, useState } from 'react';
import { apiJson, isoMinute } from './review-api';
import { Badge, buttonClass } from '@/app/_components/ui/ui';

export interface ShareLinkItem {
  id: string;
  status: 'active' | 'revoked' | 'expired';
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  createdByEmail: string | null;
}

const TONES = { active: 'green', revoked: 'red', expired: 'zinc' } as const;

export function ShareLinksManager({ teamId, targetType, targetId, initial }: { teamId: string; targetType: 'study' | 'comparison' | 'benchmark'; targetId: string; initial: ShareLinkItem[] }) {
  const [links, setLinks] = useState(initial);
  const [expiry, setExpiry] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const id = useId();

  async function create() {
    setPending(true);
    setError(null);
    setCopied(false);
    // A date means "until the end of that day" in the browser's time zone.
    const expiresAt = expiry ? new Date(`${expiry}T23:59:59`).toISOString() : null;
    const res = await apiJson<{ shareLink: ShareLinkItem; url: string }>(`/api/v1/teams/${teamId}/share-links`, { method: 'POST', body: { targetType, targetId, expiresAt } });
    setPending(false);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    setLinks((l) => [res.data.shareLink, ...l]);
    setCreated(res.data.url);
    setExpiry('');
  }

  async function revoke(link: ShareLinkItem) {
    if (!window.confirm('Revoke this link? Anyone who has it will no longer see this page.')) return;
    const res = await apiJson<{ shareLink: ShareLinkItem }>(`/api/v1/share-links/${link.id}`, { method: 'DELETE' });
    if (!res.ok) {
      setError(res.message);
      return;
    }
    setLinks((l) => l.map((x) => (x.id === link.id ? { ...x, ...res.data.shareLink, createdByEmail: x.createdByEmail } : x)));
  }

  return (
    <section aria-labelledby={`${id}-title`} className="rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900" data-testid="share-panel">
      <h2 id={`${id}-title`} className="text-base font-semibold">
        Share links
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        A link shows this {targetType} read-only to anyone who has it, without signing in, and nothing else of the team. Creating and revoking are recorded in the audit log.
      </p>
      <form
        className="mt-4 flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <div>
          <label htmlFor={`${id}-expiry`} className="block text-sm font-medium">
            Expires on <span className="font-normal text-zinc-500">(optional)</span>
          </label>
          <input id={`${id}-expiry`} type="date" value={expiry} onChange={(e) => setExpiry(e.target.value)} className="mt-1 block rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900" aria-describedby={`${id}-expiry-hint`} data-testid="share-expiry" />
        </div>
        <button type="submit" disabled={pending} className={buttonClass('primary', 'md')} data-testid="share-create">
          {pending ? 'Creating…' : 'Create link'}
        </button>
        <p id={`${id}-expiry-hint`} className="w-full text-xs text-zinc-500">
          Without a date the link works until it is revoked.
        </p>
      </form>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      {created ? (
        <div role="status" className="mt-3 rounded-md bg-green-50 px-3 py-2 text-sm text-green-800 dark:bg-green-950 dark:text-green-300">
          Link created. Copy it now: it is not shown again.
          <div className="mt-1 flex items-center gap-2">
            <code className="block flex-1 overflow-x-auto rounded bg-white px-2 py-1.5 text-xs text-zinc-900 dark:bg-zinc-900 dark:text-zinc-100" data-testid="share-url">
              {created}
            </code>
            <button type="button" className={buttonClass('secondary', 'sm')} onClick={() => void navigator.clipboard?.writeText(created).then(() => setCopied(true))}>
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
        </div>
      ) : null}
      {links.length ? (
        <div className="relative mt-4 overflow-x-auto" role="region" aria-label="Share links" tabIndex={0}>
          <table className="w-full text-left text-sm" aria-label="Share links">
            <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
              <tr>
                <th scope="col" className="px-2 py-2 font-medium">Status</th>
                <th scope="col" className="px-2 py-2 font-medium">Created</th>
                <th scope="col" className="px-2 py-2 font-medium">Expires</th>
                <th scope="col" className="px-2 py-2 font-medium">Last used</th>
                <th scope="col" className="px-2 py-2 font-medium"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {links.map((l) => (
                <tr key={l.id} data-testid="share-link-row" data-status={l.status}>
                  <td className="px-2 py-1.5">
                    <Badge tone={TONES[l.status]}>{l.status}</Badge>
                  </td>
                  <td className="px-2 py-1.5 text-xs">
                    {isoMinute(l.createdAt)}
                    {l.createdByEmail ? <span className="block text-zinc-500">{l.createdByEmail}</span> : null}
                  </td>
                  <td className="px-2 py-1.5 text-xs">{l.expiresAt ? isoMinute(l.expiresAt) : 'never'}</td>
                  <td className="px-2 py-1.5 text-xs">{l.lastUsedAt ? isoMinute(l.lastUsedAt) : 'not yet'}</td>
                  <td className="px-2 py-1.5 text-right">
                    {l.status === 'active' ? (
                      <button type="button" className={buttonClass('danger', 'sm')} onClick={() => void revoke(l)} data-testid="share-revoke">
                        Revoke
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">No links yet.</p>
      )}
    </section>
  );
}
