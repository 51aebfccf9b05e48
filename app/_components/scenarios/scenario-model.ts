/**
 * Types and pure helpers shared by the scenario pages and the builder. Client-safe: it imports
 * only the pure spec/template/column/preview modules of lib/scenarios (never the barrel, which
 * pulls in node:crypto) and only types from elsewhere.
 */
import type { ImageShape } from '@/lib/data/types';
import type { PredicateColumnInfo } from '@/lib/scenarios/columns';
import type { PoisonSample, ScenarioPreview } from '@/lib/scenarios/preview';
import type { Injection, Predicate, Requests, ScenarioCategory, Selector } from '@/lib/scenarios/spec';
import type { TemplateDatasetInfo } from '@/lib/scenarios/templates';

/** A predicate column as the builder sees it; long category lists are cut to keep the page small. */
export interface SummaryColumn extends PredicateColumnInfo {
  /** True when `categories` lists only the first values (the subject column of a big dataset). */
  categoriesTruncated?: boolean;
}

/**
 * What the builder needs to know about one dataset version: names and shapes, never the data.
 * Computed on the server from the decoded arrays and passed to the client component as JSON.
 */
export interface ScenarioDatasetSummary {
  teamId: string;
  datasetId: string;
  datasetName: string;
  version: number;
  latestVersion: number;
  kind: 'tabular' | 'image';
  rowCount: number;
  trainCount: number;
  testCount: number;
  classNames: string[];
  imageShape?: ImageShape;
  /** The subject column: its name, how many distinct subjects, and the first ids (for the picker). */
  subjects?: { name: string; count: number; values: string[]; truncated: boolean };
  groups: Array<{ name: string; values: string[] }>;
  columns: SummaryColumn[];
}

/** The preview as the API sends it: poison images are PNG data URLs; the saved summary has none. */
export type ClientPoisonSample = Omit<PoisonSample, 'pixels'> & { image?: string };
export type ClientPreview = Omit<ScenarioPreview, 'poison'> & {
  poison?: Omit<NonNullable<ScenarioPreview['poison']>, 'sample'> & { sample: ClientPoisonSample[] };
};

/** The editable part of a scenario: every spec field, each optional while the user works on it. */
export interface SpecDraft {
  category: ScenarioCategory;
  seed: number;
  selector?: Selector;
  injection?: Injection;
  identifiedFraction?: number;
  requests: Requests;
}

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: { field?: string; [key: string]: unknown };
}

export const CATEGORY_TONES: Record<ScenarioCategory, 'red' | 'blue' | 'amber' | 'green'> = {
  security: 'red',
  privacy: 'blue',
  usability: 'amber',
  fidelity: 'green',
};

export const CATEGORY_LABELS: Record<ScenarioCategory, string> = {
  security: 'Security',
  privacy: 'Privacy',
  usability: 'Usability',
  fidelity: 'Fidelity',
};

/** The template helpers want a dataset shape; the summary carries exactly that. */
export function templateInfo(ds: ScenarioDatasetSummary): TemplateDatasetInfo {
  return {
    kind: ds.kind,
    classNames: ds.classNames,
    imageShape: ds.imageShape,
    // Templates only look at how many subjects there are; the summary carries the first ids and
    // the true count, so pad to the count rather than send every id to the browser.
    subjects: ds.subjects ? { name: ds.subjects.name, values: Array.from({ length: ds.subjects.count }, (_, i) => ds.subjects?.values[i] ?? '') } : undefined,
    groups: ds.groups,
  };
}

export function formatPercent(share: number, digits = 1): string {
  if (!Number.isFinite(share)) return '—';
  const pct = share * 100;
  // Very small shares would print as 0.0 %, which reads as "nothing"; show more digits instead.
  const d = pct > 0 && pct < 0.1 ? 2 : digits;
  return `${pct.toFixed(d)} %`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** "C0001, C0002, C0003 and 12 more" for long lists in readable specs. */
export function shortList(values: ReadonlyArray<string | number>, max = 8): string {
  const shown = values.slice(0, max).map(String).join(', ');
  return values.length > max ? `${shown} and ${values.length - max} more` : shown;
}

/** Shows the label column by meaning rather than by its reserved `$label` name. */
export function columnLabel(name: string): string {
  if (name === '$label') return 'class (label)';
  if (name === '$subject') return 'subject';
  return name;
}

function predicateToSelector(p: Predicate): Selector {
  switch (p.op) {
    case 'and':
      return { kind: 'all', selectors: p.predicates.map(predicateToSelector) };
    case 'or':
      return { kind: 'any', selectors: p.predicates.map(predicateToSelector) };
    case 'not':
      return { kind: 'not', selector: predicateToSelector(p.predicate) };
    default:
      return { kind: 'predicate', predicate: p };
  }
}

/**
 * The builder edits combinations at the selector level only (all/any/not of leaf conditions), so
 * a spec written through the API with predicate-level and/or/not is rewritten to the equivalent
 * selector tree. Both act on training rows only, so the forget set is the same.
 */
export function normalizeSelector(s: Selector): Selector {
  switch (s.kind) {
    case 'predicate':
      return predicateToSelector(s.predicate);
    case 'all':
    case 'any':
      return { kind: s.kind, selectors: s.selectors.map(normalizeSelector) };
    case 'not':
      return { kind: 'not', selector: normalizeSelector(s.selector) };
    case 'randomFraction':
      return s.of ? { ...s, of: normalizeSelector(s.of) } : s;
    default:
      return s;
  }
}

/** The spec as the API expects it: only the keys its category allows. */
export function specBody(draft: SpecDraft): Record<string, unknown> {
  const base = { category: draft.category, seed: draft.seed, requests: draft.requests };
  if (draft.category === 'security') {
    return {
      ...base,
      injection: draft.injection,
      identifiedFraction: draft.identifiedFraction ?? 1,
      ...(draft.selector ? { selector: draft.selector } : {}),
    };
  }
  return { ...base, selector: draft.selector };
}

/** Turns a stored spec (validated JSON) back into a draft the builder can edit. */
export function draftFromSpec(spec: Record<string, unknown>): SpecDraft {
  const category = spec.category as ScenarioCategory;
  const selector = spec.selector ? normalizeSelector(spec.selector as Selector) : undefined;
  return {
    category,
    seed: typeof spec.seed === 'number' ? spec.seed : 0,
    selector,
    injection: spec.injection as Injection | undefined,
    identifiedFraction: typeof spec.identifiedFraction === 'number' ? spec.identifiedFraction : category === 'security' ? 1 : undefined,
    requests: (spec.requests as Requests | undefined) ?? { kind: 'none' },
  };
}

/**
 * Whether an error's JSON path names a control the builder shows, so the message can sit next
 * to it; anything else (unknown keys, the dataset version) goes to the top of the preview panel.
 */
export function builderShowsField(field: string | undefined, draft: SpecDraft): boolean {
  if (!field) return false;
  const top = /^[A-Za-z]+/.exec(field)?.[0] ?? '';
  if (top === 'selector') return draft.category !== 'security' || draft.selector !== undefined;
  if (top === 'injection' || top === 'identifiedFraction') return draft.category === 'security';
  return ['name', 'description', 'seed', 'requests'].includes(top);
}

/** Whether `field` is `path` itself or lies below it (`path.x`, `path[3]`). */
export function fieldWithin(field: string | undefined, path: string): boolean {
  if (!field) return false;
  if (field === path) return true;
  return field.startsWith(path) && (field[path.length] === '.' || field[path.length] === '[');
}
