/**
 * One line of the team overview's recent activity: what an audit event says in words, and the
 * page it is about. Deleted things get no link (the page is gone); member and invitation events
 * link to the members page.
 */
export interface AuditEventLike {
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
}

export interface ActivityLine {
  text: string;
  href: string | null;
}

const REVIEW_WORDS: Record<string, string> = { in_review: 'in review', approved: 'approved', changes_requested: 'changes requested', none: 'no review' };

function detail(e: AuditEventLike, key: string): string | null {
  const v = e.details[key];
  return typeof v === 'string' && v ? v : null;
}

function named(e: AuditEventLike, key = 'name'): string {
  const name = detail(e, key);
  return name ? ` “${name}”` : '';
}

export function activityLine(teamId: string, e: AuditEventLike): ActivityLine {
  const base = `/teams/${teamId}`;
  const id = e.targetId;
  const targetHref = (): string | null => {
    if (!id) return null;
    switch (e.targetType) {
      case 'study':
        return `${base}/studies/${id}`;
      case 'comparison':
        return `${base}/comparisons/${id}`;
      case 'dataset':
        return `${base}/datasets/${id}`;
      case 'scenario':
        return `${base}/scenarios/${id}`;
      case 'benchmark':
        return `/benchmarks/${id}`;
      default:
        return null;
    }
  };
  switch (e.action) {
    case 'study.review': {
      const status = detail(e, 'status');
      return { text: `Study review set to ${status ? (REVIEW_WORDS[status] ?? status) : 'a new status'}`, href: targetHref() };
    }
    case 'dataset.created':
      return { text: `Dataset${named(e)} uploaded`, href: targetHref() };
    case 'dataset.deleted':
      return { text: `Dataset${named(e)} deleted`, href: null };
    case 'scenario.deleted':
      return { text: `Scenario${named(e)} deleted`, href: null };
    case 'share.created':
      return { text: `Share link created for a ${e.targetType ?? 'result'}`, href: targetHref() };
    case 'share.revoked':
      return { text: `Share link revoked for a ${e.targetType ?? 'result'}`, href: targetHref() };
    case 'benchmark.published':
      return { text: `Benchmark${named(e)} published`, href: targetHref() };
    case 'benchmark.withdrawn':
      return { text: `Benchmark${named(e)} withdrawn`, href: targetHref() };
    case 'benchmark.entry_submitted':
    case 'benchmark.entry_withdrawn': {
      const benchmarkId = detail(e, 'benchmarkId');
      const verb = e.action === 'benchmark.entry_submitted' ? 'submitted to' : 'withdrawn from';
      return { text: `Study${named(e)} ${verb} the benchmark${named(e, 'benchmark')}`, href: benchmarkId ? `/benchmarks/${benchmarkId}` : null };
    }
    case 'benchmark.entry_verified':
    case 'benchmark.entry_unverified':
      return { text: `Benchmark entry${named(e)}${detail(e, 'team') ? ` of ${detail(e, 'team')}` : ''} marked ${e.action.endsWith('_unverified') ? 'unverified' : 'verified'}`, href: targetHref() };
    case 'member.invited':
      return { text: `${detail(e, 'email') ?? 'Someone'} invited${detail(e, 'role') ? ` as ${detail(e, 'role')}` : ''}`, href: `${base}/members` };
    case 'member.invite_revoked':
      return { text: `Invitation of ${detail(e, 'email') ?? 'someone'} revoked`, href: `${base}/members` };
    case 'member.joined':
      return { text: `${detail(e, 'email') ?? 'A member'} joined${detail(e, 'role') ? ` as ${detail(e, 'role')}` : ''}`, href: `${base}/members` };
    case 'member.role_changed':
      return { text: `A member’s role changed${detail(e, 'from') && detail(e, 'to') ? ` from ${detail(e, 'from')} to ${detail(e, 'to')}` : ''}`, href: `${base}/members` };
    case 'team.created':
      return { text: `Team${named(e)} created`, href: base };
    default:
      // An action this list does not know yet: its own name, and the page of its target if any.
      return { text: e.action, href: e.action.endsWith('.deleted') ? null : targetHref() };
  }
}
