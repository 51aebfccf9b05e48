'use client';
/**
 * Choosing runs for a comparison: the succeeded runs of the team's studies on one dataset,
 * grouped by study and by model (one checkbox takes every seed of a method configuration), and
 * the baseline among the chosen groups. Opens the unsaved comparison view; its URL holds the
 * selection, so it can be shared before (or without) saving.
 */
import { useMemo, useState } from 'react';
import { useRouter } from 'next/navigation';
import { viewQuery, DEFAULT_VIEW } from '@/lib/results/view-state';
import { buttonClass } from '@/app/_components/ui/ui';

export interface CandidateRun {
  id: string;
  studyId: string;
  studyName: string;
  scenarioName: string;
  category: string;
  kind: 'original' | 'retrain' | 'unlearned';
  variant: string;
  methodId: string | null;
  methodConfig: Record<string, unknown> | null;
  seed: number;
  requestIndex: number;
  status: string;
}

interface Group {
  key: string;
  studyId: string;
  label: string;
  runIds: string[];
  seeds: number[];
  kind: CandidateRun['kind'];
}

export function RunPicker({ teamId, runs, methodNames }: { teamId: string; runs: CandidateRun[]; methodNames: Record<string, string> }) {
  const router = useRouter();
  const studies = useMemo(() => {
    const byStudy = new Map<string, { name: string; scenario: string; category: string; groups: Map<string, Group> }>();
    for (const r of runs) {
      if (r.status !== 'succeeded') continue;
      const s = byStudy.get(r.studyId) ?? { name: r.studyName, scenario: r.scenarioName, category: r.category, groups: new Map<string, Group>() };
      byStudy.set(r.studyId, s);
      const key = `${r.studyId}|${r.kind}|${r.variant}|${r.methodId}|${JSON.stringify(r.methodConfig)}|${r.requestIndex}`;
      const name = r.kind === 'original' ? 'Original' : r.kind === 'retrain' ? 'Retrain' : (methodNames[r.methodId ?? ''] ?? r.methodId ?? '');
      const g = s.groups.get(key) ?? { key, studyId: r.studyId, label: r.requestIndex > 0 ? `${name}, request ${r.requestIndex + 1}` : name, runIds: [], seeds: [], kind: r.kind };
      g.runIds.push(r.id);
      g.seeds.push(r.seed);
      s.groups.set(key, g);
    }
    return [...byStudy.entries()];
  }, [runs, methodNames]);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [baseline, setBaseline] = useState<string | null>(null);
  const groups = studies.flatMap(([, s]) => [...s.groups.values()]);
  const toggle = (key: string) => {
    const next = new Set(chosen);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setChosen(next);
    if (baseline && !next.has(baseline)) setBaseline(null);
    // A retrain chosen first becomes the baseline: gaps to retraining are what people compare.
    if (!baseline && next.has(key) && groups.find((g) => g.key === key)?.kind === 'retrain') setBaseline(key);
  };
  const open = () => {
    const picked = groups.filter((g) => chosen.has(g.key));
    const base = picked.find((g) => g.key === baseline);
    router.push(`/teams/${teamId}/comparisons/view?${viewQuery(DEFAULT_VIEW, { runs: picked.flatMap((g) => g.runIds), baseline: base?.runIds[0] ?? null })}`);
  };
  if (studies.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No study on this dataset has finished runs yet.</p>;
  return (
    <div className="space-y-4" data-testid="run-picker">
      {studies.map(([studyId, s]) => (
        <fieldset key={studyId} className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
          <legend className="px-1 text-sm font-semibold">
            {s.name} <span className="font-normal text-zinc-500">· {s.scenario} ({s.category})</span>
          </legend>
          <ul className="grid gap-1 sm:grid-cols-2">
            {[...s.groups.values()].map((g) => (
              <li key={g.key} className="flex flex-wrap items-center gap-3 text-sm">
                <label className="flex items-center gap-1.5">
                  <input type="checkbox" checked={chosen.has(g.key)} onChange={() => toggle(g.key)} data-testid={`pick-${s.name}-${g.label}`} />
                  {g.label} <span className="text-xs text-zinc-500">({g.seeds.length} seed{g.seeds.length === 1 ? '' : 's'})</span>
                </label>
                {chosen.has(g.key) ? (
                  <label className="flex items-center gap-1 text-xs text-zinc-600 dark:text-zinc-400">
                    <input type="radio" name="baseline" checked={baseline === g.key} onChange={() => setBaseline(g.key)} data-testid={`baseline-${s.name}-${g.label}`} />
                    baseline
                  </label>
                ) : null}
              </li>
            ))}
          </ul>
        </fieldset>
      ))}
      <div className="flex items-center gap-3">
        <button type="button" className={buttonClass('primary')} disabled={chosen.size === 0} onClick={open}>
          Compare {chosen.size} model{chosen.size === 1 ? '' : 's'}
        </button>
        <span className="text-sm text-zinc-600 dark:text-zinc-400">{baseline ? 'Gaps are measured to the baseline.' : 'No baseline: the first retrain chosen is used, if any.'}</span>
      </div>
    </div>
  );
}
