/**
 * The scenario list (a dataset's, or the whole team's): what each scenario forgets, whether a
 * study has locked it, and the duplicate/delete actions for people who may write.
 */
import Link from 'next/link';
import { duplicateScenarioAction, deleteScenarioAction } from '@/app/(app)/teams/[teamId]/scenarios/actions';
import type { ScenarioView } from '@/lib/datasets/scenarios';
import { ActionForm } from '@/app/_components/ui/action-form';
import { Badge, formatDate, Table } from '@/app/_components/ui/ui';
import { CATEGORY_TONES, formatCount, formatPercent } from './scenario-model';

export function ScenarioTable({ teamId, scenarios, canWrite, datasetNames }: { teamId: string; scenarios: ScenarioView[]; canWrite: boolean; datasetNames?: Record<string, string> }) {
  const head = ['Name', 'Category', ...(datasetNames ? ['Dataset'] : []), 'Version', 'Forget set', 'Status', 'Created', ...(canWrite ? [''] : [])];
  return (
    <Table label="Scenarios" head={head}>
      {scenarios.map((s) => (
        <tr key={s.id} data-testid={`scenario-row-${s.name}`}>
          <td className="px-2 py-2">
            <Link href={`/teams/${teamId}/scenarios/${s.id}`} className="font-medium text-brand-700 hover:underline dark:text-blue-300">
              {s.name}
            </Link>
          </td>
          <td className="px-2 py-2">
            <Badge tone={CATEGORY_TONES[s.category]}>{s.category}</Badge>
          </td>
          {datasetNames ? (
            <td className="px-2 py-2">
              <Link href={`/teams/${teamId}/datasets/${s.datasetId}/scenarios`} className="hover:underline">
                {datasetNames[s.datasetId] ?? 'dataset'}
              </Link>
            </td>
          ) : null}
          <td className="px-2 py-2 tabular-nums">v{s.datasetVersion}</td>
          <td className="px-2 py-2 tabular-nums">
            {formatCount(s.forgetCount)} <span className="text-zinc-500">({formatPercent(s.forgetShare)})</span>
          </td>
          <td className="px-2 py-2">{s.locked ? <Badge tone="amber">locked: used by a study</Badge> : <span className="text-zinc-500">editable</span>}</td>
          <td className="px-2 py-2 whitespace-nowrap text-zinc-600 dark:text-zinc-400">{formatDate(s.createdAt)}</td>
          {canWrite ? (
            <td className="px-2 py-2">
              <div className="flex flex-wrap gap-1">
                <ActionForm
                  inline
                  action={duplicateScenarioAction}
                  submitLabel="Duplicate"
                  variant="secondary"
                  fields={[
                    { name: 'teamId', label: '', type: 'hidden', defaultValue: teamId },
                    { name: 'scenarioId', label: '', type: 'hidden', defaultValue: s.id },
                  ]}
                />
                {s.locked ? null : (
                  <ActionForm
                    inline
                    action={deleteScenarioAction}
                    submitLabel="Delete"
                    variant="danger"
                    confirm={`Delete the scenario "${s.name}"? This cannot be undone.`}
                    fields={[
                      { name: 'teamId', label: '', type: 'hidden', defaultValue: teamId },
                      { name: 'scenarioId', label: '', type: 'hidden', defaultValue: s.id },
                      { name: 'datasetId', label: '', type: 'hidden', defaultValue: s.datasetId },
                    ]}
                  />
                )}
              </div>
            </td>
          ) : null}
        </tr>
      ))}
    </Table>
  );
}
