import { describe, expect, it } from 'vitest';
import { scenarioKindOf } from './scenario-kind';

describe('scenarioKindOf', () => {
  it('names the kind of forget set a selector asks for', () => {
    const kind = (selector: Parameters<typeof scenarioKindOf>[0]['selector']) => scenarioKindOf({ category: 'privacy', selector });
    expect(kind({ kind: 'class', classes: ['cat'] })).toBe('class');
    expect(kind({ kind: 'any', selectors: [{ kind: 'class', classes: ['cat'] }, { kind: 'class', classes: ['dog'] }] })).toBe('class');
    expect(kind({ kind: 'not', selector: { kind: 'class', classes: ['cat'] } })).toBe('class');
    expect(kind({ kind: 'randomFraction', fraction: 0.02 })).toBe('random');
    expect(kind({ kind: 'randomFraction', fraction: 0.1, of: { kind: 'class', classes: ['cat'] } })).toBe('random');
    expect(kind({ kind: 'rowIds', rowIds: [1, 2] })).toBe('random');
    expect(kind({ kind: 'subjects', subjectIds: ['s1'] })).toBe('subjects');
    expect(kind({ kind: 'randomSubjects', count: 3 })).toBe('subjects');
    expect(kind({ kind: 'predicate', predicate: { column: 'age', op: '>', value: 60 } })).toBe('subgroup');
    expect(kind({ kind: 'all', selectors: [{ kind: 'class', classes: ['cat'] }, { kind: 'predicate', predicate: { column: 'age', op: '>', value: 60 } }] })).toBe('subgroup');
  });

  it('treats the identified poison of a security scenario as random rows', () => {
    expect(scenarioKindOf({ category: 'security', selector: { kind: 'class', classes: ['cat'] } })).toBe('random');
    expect(scenarioKindOf({ category: 'security', selector: undefined })).toBe('random');
  });
});
