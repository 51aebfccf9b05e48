'use client';
/**
 * Starting an entry: pick one of your teams (where you may create studies) and create an
 * external study on the benchmark's scenario there; the study page then takes the uploads.
 */
import { useState } from 'react';
import { ExternalStudyForm } from '@/app/_components/studies/external-study-form';

export function NewExternalStudy({ teams, scenarioId, scenarioName }: { teams: Array<{ id: string; name: string }>; scenarioId: string; scenarioName: string }) {
  const [teamId, setTeamId] = useState(teams[0]?.id ?? '');
  if (!teams.length) return null;
  return (
    <div className="space-y-3">
      {teams.length > 1 ? (
        <label className="block text-sm font-medium">
          In team{' '}
          <select value={teamId} onChange={(e) => setTeamId(e.target.value)} className="ml-1 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900">
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <ExternalStudyForm key={teamId} teamId={teamId} scenarioId={scenarioId} scenarioName={scenarioName} />
    </div>
  );
}
