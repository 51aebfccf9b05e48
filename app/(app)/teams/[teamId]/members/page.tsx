import { ActionForm } from '@/app/_components/ui/action-form';
import { Badge, Card, EmptyState, formatDate, PageHeader, Table } from '@/app/_components/ui/ui';
import { pageTeam } from '@/app/_lib/page-gate';
import { listPendingInvitations } from '@/db/queries/invitations';
import { listMembers } from '@/db/queries/teams';
import { TEAM_ROLES } from '@/db/schema';
import { roleCan, ROLE_DESCRIPTIONS } from '@/lib/auth/permissions';
import { cancelInviteAction, changeRoleAction, inviteAction, removeMemberAction } from '../../../actions';

export const metadata = { title: 'Members' };

const roleOptions = TEAM_ROLES.map((r) => ({ value: r, label: r }));

export default async function MembersPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const access = await pageTeam(teamId, 'team.read');
  const canManage = access.role ? roleCan(access.role, 'team.manage') : false;
  const [members, invitations] = await Promise.all([listMembers(teamId), canManage ? listPendingInvitations(teamId) : Promise.resolve([])]);
  return (
    <>
      <PageHeader title="Members" description="Who is in this team and what they may do." />
      <div className="space-y-6">
        <Card>
          <Table label="Team members" head={['Name', 'Email', 'Role', 'Joined', '']}>
            {members.map((m) => (
              <tr key={m.userId} data-testid={`member-${m.email}`}>
                <td className="px-2 py-2">{m.name}</td>
                <td className="px-2 py-2">{m.email}</td>
                <td className="px-2 py-2">
                  {canManage ? (
                    <ActionForm
                      inline
                      action={changeRoleAction}
                      submitLabel="Change"
                      variant="secondary"
                      testId={`role-form-${m.email}`}
                      fields={[
                        { name: 'teamId', label: '', type: 'hidden', defaultValue: teamId },
                        { name: 'userId', label: '', type: 'hidden', defaultValue: m.userId },
                        { name: 'role', label: `Role of ${m.name}`, type: 'select', defaultValue: m.role, options: roleOptions },
                      ]}
                    />
                  ) : (
                    <Badge>{m.role}</Badge>
                  )}
                </td>
                <td className="px-2 py-2 text-zinc-600 dark:text-zinc-400">{formatDate(m.joinedAt)}</td>
                <td className="px-2 py-2">
                  {m.userId === access.actor.id || canManage ? (
                    <ActionForm
                      inline
                      action={removeMemberAction}
                      variant="danger"
                      submitLabel={m.userId === access.actor.id ? 'Leave team' : 'Remove'}
                      confirm={m.userId === access.actor.id ? `Leave ${access.teamName}?` : `Remove ${m.email} from ${access.teamName}?`}
                      fields={[
                        { name: 'teamId', label: '', type: 'hidden', defaultValue: teamId },
                        { name: 'userId', label: '', type: 'hidden', defaultValue: m.userId },
                      ]}
                    />
                  ) : null}
                </td>
              </tr>
            ))}
          </Table>
        </Card>

        {canManage ? (
          <div className="grid gap-6 md:grid-cols-2">
            <Card title="Invite someone" description="No mail is sent: you get a single-use link to pass on. It expires in 7 days.">
              <ActionForm
                action={inviteAction}
                submitLabel="Create invite link"
                testId="invite-form"
                fields={[
                  { name: 'teamId', label: '', type: 'hidden', defaultValue: teamId },
                  { name: 'email', label: 'Email', type: 'email', placeholder: 'colleague@example.org' },
                  { name: 'role', label: 'Role', type: 'select', defaultValue: 'researcher', options: roleOptions },
                  {
                    name: 'link',
                    label: 'Who may use the link',
                    type: 'select',
                    defaultValue: 'address',
                    options: [
                      { value: 'address', label: 'Only an account with this email address' },
                      { value: 'open', label: 'Anyone who has the link (open link)' },
                    ],
                  },
                ]}
              />
            </Card>
            <Card title="Pending invitations">
              {invitations.length === 0 ? (
                <EmptyState title="No pending invitations">Invite links you create appear here until they are used, revoked or expire.</EmptyState>
              ) : (
                <ul className="space-y-3 text-sm">
                  {invitations.map((inv) => (
                    <li key={inv.id} className="flex flex-wrap items-center justify-between gap-2">
                      <span>
                        {inv.email} <Badge>{inv.role}</Badge> {inv.open ? <Badge>open link</Badge> : null} <span className="text-zinc-500">expires {formatDate(inv.expiresAt)}</span>
                      </span>
                      <ActionForm
                        inline
                        action={cancelInviteAction}
                        variant="danger"
                        submitLabel="Revoke"
                        fields={[
                          { name: 'teamId', label: '', type: 'hidden', defaultValue: teamId },
                          { name: 'invitationId', label: '', type: 'hidden', defaultValue: inv.id },
                        ]}
                      />
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          </div>
        ) : null}

        <Card title="Roles">
          <dl className="grid gap-2 text-sm sm:grid-cols-3">
            {TEAM_ROLES.map((r) => (
              <div key={r}>
                <dt className="font-medium">{r}</dt>
                <dd className="text-zinc-600 dark:text-zinc-400">{ROLE_DESCRIPTIONS[r]}</dd>
              </div>
            ))}
          </dl>
        </Card>
      </div>
    </>
  );
}
