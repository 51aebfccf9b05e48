import { ActionForm } from '@/app/_components/ui/action-form';
import { Badge, Card, EmptyState, formatDate, PageHeader, Table } from '@/app/_components/ui/ui';
import { pageActor } from '@/app/_lib/page-gate';
import { listTokens } from '@/lib/auth/api-tokens';
import { createTokenAction, revokeTokenAction } from '../actions';

export const metadata = { title: 'API tokens' };

export default async function TokensPage() {
  const actor = await pageActor();
  const tokens = await listTokens(actor);
  return (
    <>
      <PageHeader
        title="API tokens"
        description={
          <>
            Personal tokens for scripts: send <code>Authorization: Bearer &lt;token&gt;</code> to any <code>/api/v1</code> route (see{' '}
            <a className="text-brand-600 underline" href="/api/v1/openapi.json">
              the OpenAPI description
            </a>
            ). A token acts with your permissions.
          </>
        }
      />
      <div className="grid gap-6 md:grid-cols-3">
        <Card title="New token" className="md:col-span-1">
          <ActionForm action={createTokenAction} submitLabel="Create token" testId="token-form" fields={[{ name: 'name', label: 'Name', placeholder: 'e.g. laptop scripts' }]} />
        </Card>
        <Card title="Your tokens" className="md:col-span-2">
          {tokens.length === 0 ? (
            <EmptyState title="No tokens yet">Create one on the left; it is shown once, so copy it right away.</EmptyState>
          ) : (
            <Table label="API tokens" head={['Name', 'Starts with', 'Created', 'Last used', 'Status', '']}>
              {tokens.map((t) => (
                <tr key={t.id} data-testid={`token-${t.name}`}>
                  <td className="px-2 py-2">{t.name}</td>
                  <td className="px-2 py-2 font-mono text-xs">{t.prefix}…</td>
                  <td className="px-2 py-2 text-zinc-600 dark:text-zinc-400">{formatDate(t.createdAt)}</td>
                  <td className="px-2 py-2 text-zinc-600 dark:text-zinc-400">{formatDate(t.lastUsedAt)}</td>
                  <td className="px-2 py-2">{t.revokedAt ? <Badge tone="red">revoked</Badge> : <Badge tone="green">active</Badge>}</td>
                  <td className="px-2 py-2">
                    {t.revokedAt ? null : (
                      <ActionForm
                        inline
                        action={revokeTokenAction}
                        variant="danger"
                        submitLabel="Revoke"
                        confirm={`Revoke the token "${t.name}"? Scripts using it stop working.`}
                        fields={[{ name: 'tokenId', label: '', type: 'hidden', defaultValue: t.id }]}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}
