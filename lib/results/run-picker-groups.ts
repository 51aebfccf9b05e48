/**
 * The run picker's entries: a team's succeeded runs on one dataset, grouped by study and by
 * model (one entry takes every seed of a method configuration and request). Entries that would
 * read the same are told apart: configurations of one method by the entries that differ
 * ("lr 0.001" / "lr 0.01"), retrain variants by their name, requests by number, and studies of
 * the same name by when they were created. Configs that differ only in key order are one entry.
 */
import { configKey, differingConfigLabels, type ResultRunInput } from './aggregate';

export interface PickerRun extends Omit<ResultRunInput, 'metrics' | 'curve'> {
  studyName: string;
  studyCreatedAt: Date | string;
  scenarioName: string;
  category: string;
}

export interface PickerGroup {
  key: string;
  studyId: string;
  label: string;
  runIds: string[];
  seeds: number[];
  kind: PickerRun['kind'];
}

export interface PickerStudy {
  studyId: string;
  /** The study's name, with its creation time when another study has the same name. */
  name: string;
  scenario: string;
  category: string;
  groups: PickerGroup[];
}

function baseName(r: PickerRun, methodNames: Record<string, string>): string {
  const variant = r.variant !== 'standard' ? ` (${r.variant})` : '';
  if (r.kind === 'original') return `Original${variant}`;
  if (r.kind === 'retrain') return `Retrain${variant}`;
  return methodNames[r.methodId ?? ''] ?? r.methodId ?? 'Method';
}

function created(at: Date | string): string {
  return new Date(at).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

export function pickerGroups(runs: readonly PickerRun[], methodNames: Record<string, string>): PickerStudy[] {
  const studies = new Map<string, PickerStudy & { createdAt: Date | string; first: Map<string, PickerRun> }>();
  for (const r of runs) {
    if (r.status !== 'succeeded') continue;
    const s = studies.get(r.studyId) ?? { studyId: r.studyId, name: r.studyName, createdAt: r.studyCreatedAt, scenario: r.scenarioName, category: r.category, groups: [], first: new Map<string, PickerRun>() };
    studies.set(r.studyId, s);
    const key = `${r.studyId}|${r.kind}|${r.variant}|${r.methodId ?? ''}|${configKey(r.methodConfig)}|${r.requestIndex}`;
    let g = s.groups.find((x) => x.key === key);
    if (!g) {
      g = { key, studyId: r.studyId, label: '', runIds: [], seeds: [], kind: r.kind };
      s.groups.push(g);
      s.first.set(key, r);
    }
    g.runIds.push(r.id);
    g.seeds.push(r.seed);
  }
  const names = new Map<string, number>();
  for (const s of studies.values()) names.set(s.name, (names.get(s.name) ?? 0) + 1);
  const requests = Math.max(0, ...runs.map((r) => r.requestIndex + 1));
  return [...studies.values()].map(({ first, createdAt, ...s }) => {
    const firstOf = (g: PickerGroup) => first.get(g.key)!;
    const diffs = differingConfigLabels(s.groups.map((g) => ({ key: g.key, group: `${g.kind}|${firstOf(g).variant}|${firstOf(g).methodId ?? ''}`, config: firstOf(g).methodConfig })));
    const groups = s.groups.map((g) => {
      const r = firstOf(g);
      const parts = [diffs.get(g.key), requests > 1 ? `request ${r.requestIndex + 1}` : ''].filter(Boolean);
      return { ...g, label: parts.length ? `${baseName(r, methodNames)}, ${parts.join(', ')}` : baseName(r, methodNames) };
    });
    return { ...s, name: (names.get(s.name) ?? 0) > 1 ? `${s.name} (created ${created(createdAt)})` : s.name, groups };
  });
}
