/** Status badges for runs and studies (server-safe), one tone per status across every page. */
import { Badge } from '@/app/_components/ui/ui';
import { STATUS_LABELS, statusTone } from './study-format';

export function RunStatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <span data-testid={testId} data-status={status}>
      <Badge tone={statusTone(status)}>{STATUS_LABELS[status] ?? status}</Badge>
    </span>
  );
}
