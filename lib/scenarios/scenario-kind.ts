/**
 * What kind of forget set a scenario asks for, as far as choosing a method's default settings
 * goes (each method file's defaultsFor): a whole class, scattered rows, data subjects, or a
 * subgroup described by a predicate.
 */
import type { ScenarioKind } from '@/lib/unlearning/contract';
import type { ScenarioSpec, Selector } from './spec';

function selectorKind(selector: Selector): ScenarioKind {
  switch (selector.kind) {
    case 'class':
      return 'class';
    case 'subjects':
    case 'randomSubjects':
      return 'subjects';
    case 'predicate':
      return 'subgroup';
    case 'randomFraction':
    case 'rowIds':
      return 'random';
    // every row of the other classes is still whole classes
    case 'not':
      return selectorKind(selector.selector) === 'class' ? 'class' : 'subgroup';
    case 'all':
    case 'any': {
      const kinds = new Set(selector.selectors.map(selectorKind));
      return kinds.size === 1 ? [...kinds][0] : 'subgroup';
    }
  }
}

/**
 * Security scenarios forget the identified poison: rows scattered over the classes, treated
 * as random rows (the poison's own selector only narrows where it may be injected).
 */
export function scenarioKindOf(spec: Pick<ScenarioSpec, 'category' | 'selector'>): ScenarioKind {
  if (spec.category === 'security' || !spec.selector) return 'random';
  return selectorKind(spec.selector);
}

export const SCENARIO_KIND_LABELS: Record<ScenarioKind, string> = {
  class: 'a whole class',
  random: 'random rows',
  subjects: 'data subjects',
  subgroup: 'a subgroup',
};
