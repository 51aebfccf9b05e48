'use client';
/**
 * Choosing runs for a comparison: the entries of lib/results/run-picker-groups (one checkbox
 * takes every seed of a method configuration), and the baseline: by default each run is measured
 * to its own study's retrain; one chosen entry can be pinned as the baseline of every row
 * instead. Opens the unsaved comparison view; its URL holds the selection, so it can be shared
 * before (or without) saving.
 */
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import type { PickerStudy } from '@/lib/results/run-picker-groups';
import { viewQuery, DEFAULT_VIEW } from '@/lib/results/view-state';
import { buttonClass } from '@/app/_components/ui/ui';

export function RunPicker({ teamId, studies }: { teamId: string; studies: PickerStudy[] }) {
  const router = useRouter();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  // null: every row's gaps are to its own study's retrain.
  const [baseline, setBaseline] = useState<string | null>(null);
  const groups = studies.flatMap((s) => s.groups);
  const toggle = (key: string) => {
    const next = new Set(chosen);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setChosen(next);
    if (baseline && !next.has(baseline)) setBaseline(null);
  };
  const open = () => {
    const picked = groups.filter((g) => chosen.has(g.key));
    const base = picked.find((g) => g.key === baseline);
    router.push(`/teams/${teamId}/comparisons/view?${viewQuery(DEFAULT_VIEW, { runs: picked.flatMap((g) => g.runIds), baseline: base?.runIds[0] ?? null })}`);
  };
  if (studies.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No study on this dataset has finished runs yet.</p>;
  const baselineLabel = (() => {
    const g = groups.find((x) => x.key === baseline);
    const s = g ? studies.find((x) => x.studyId === g.studyId) : undefined;
    return g && s ? `${g.label} of ${s.name}` : null;
  })();
  return (
    <div className="space-y-4" data-testid="run-picker">
      {studies.map((s) => (
        <fieldset key={s.studyId} className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
          <legend className="px-1 text-sm font-semibold">
            {s.name} <span className="font-normal text-zinc-500">· {s.scenario} ({s.category})</span>
          </legend>
          <ul className="grid gap-1 sm:grid-cols-2">
            {s.groups.map((g) => (
              <li key={g.key} className="flex flex-wrap items-center gap-3 text-sm">
                <label className="flex items-center gap-1.5">
                  <input type="checkbox" checked={chosen.has(g.key)} onChange={() => toggle(g.key)} data-testid={`pick-${s.name}-${g.label}`} />
                  {g.label} <span className="text-xs text-zinc-500">({g.seeds.length} seed{g.seeds.length === 1 ? '' : 's'})</span>
                </label>
                {chosen.has(g.key) ? (
                  <label className="flex items-center gap-1 text-xs text-zinc-600 dark:text-zinc-400">
                    <input type="radio" name="baseline" checked={baseline === g.key} onChange={() => setBaseline(g.key)} data-testid={`baseline-${s.name}-${g.label}`} />
                    pin as baseline
                  </label>
                ) : null}
              </li>
            ))}
          </ul>
        </fieldset>
      ))}
      <fieldset className="text-sm">
        <legend className="sr-only">Baseline</legend>
        <label className="flex items-center gap-1.5">
          <input type="radio" name="baseline" checked={baseline === null} onChange={() => setBaseline(null)} data-testid="baseline-own-retrain" />
          Gaps to each run&apos;s own study&apos;s retrain (added if not chosen)
        </label>
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" className={buttonClass('primary')} disabled={chosen.size === 0} onClick={open}>
          Compare {chosen.size} model{chosen.size === 1 ? '' : 's'}
        </button>
        <span className="text-sm text-zinc-600 dark:text-zinc-400">{baselineLabel ? `Every gap is measured to ${baselineLabel}.` : 'Every gap is measured to the retrain of its own study.'}</span>
      </div>
    </div>
  );
}
