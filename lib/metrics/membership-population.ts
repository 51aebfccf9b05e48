/**
 * Which test rows a population membership attack takes as its non-members.
 *
 * A membership attack compares forget rows (members: trained on, then "forgotten") with rows
 * never trained on. When the forget set is one class (or one subgroup), drawing non-members
 * from the whole test set measures the class, not membership: a model retrained without class c
 * gives every class-c row a low confidence, so the attack separates "class c" from "the other
 * classes" and even retrain scores an AUC near 0.05 on a loss attack. The non-members must be
 * test rows of the same classes and groups as the forget set (reference note, "Per-example
 * evaluations"): then retrain, which never saw the forget rows, scores about 0.5.
 *
 * Rule, from the data alone (so it holds for every selector, nested ones included):
 * - classes: when the forget set holds only some of the classes the test set has, non-members
 *   are the test rows of the forget set's classes;
 * - groups: likewise for each sensitive attribute given on both splits, in order: when the
 *   forget set holds only some of the attribute's values present in the test set, keep the test
 *   rows whose value is one of the forget set's;
 * - a random forget set over every class and group therefore keeps the whole test set;
 * - a restriction that would leave no test row is not applied, and the result says so.
 */
import type { GroupAttribute } from './types';

export interface PopulationRestriction {
  /** 'class' or the sensitive attribute's name. */
  attribute: string;
  /** The forget set's values of it (class indices, or group codes), ascending. */
  codes: number[];
  /** Display names of those values when known (group value names; class indices otherwise). */
  values: string[];
  /** false when keeping only these values would have left no test row. */
  applied: boolean;
}

export interface MembershipPopulation {
  /** 'all-test': every test row; 'matched': test rows of the forget set's classes / groups. */
  kind: 'all-test' | 'matched';
  /** Test rows used as non-members, and all test rows. */
  nonMemberCount: number;
  testCount: number;
  restrictions: PopulationRestriction[];
  /** One sentence for the page, e.g. "test rows of the forget set's classes (1 of 10): 1,000 of 10,000". */
  description: string;
}

function distinct(codes: ArrayLike<number>, rows?: Int32Array): Set<number> {
  const out = new Set<number>();
  if (rows) for (const r of rows) out.add(codes[r]);
  else for (let i = 0; i < codes.length; i++) out.add(codes[i]);
  return out;
}

function describe(kind: MembershipPopulation['kind'], restrictions: PopulationRestriction[], kept: number, total: number): string {
  const counts = `${kept.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} test rows`;
  if (kind === 'all-test') return `all test rows (${counts})`;
  const parts = restrictions
    .filter((r) => r.applied)
    .map((r) => (r.attribute === 'class' ? `class ${r.values.join(', ')}` : `${r.attribute} = ${r.values.join(', ')}`));
  return `test rows of the forget set's ${parts.join(' and ')} (${counts})`;
}

/**
 * Positions (in the test split) of the non-members to attack against, and what they are.
 * `forgetLabels` / `testLabels` are class indices; groups are the sensitive attributes of each
 * split, matched by name.
 */
export function membershipPopulation(
  forgetLabels: Int32Array,
  testLabels: Int32Array,
  forgetGroups: readonly GroupAttribute[] = [],
  testGroups: readonly GroupAttribute[] = [],
  classNames?: readonly string[],
): { rows: Int32Array; population: MembershipPopulation } {
  let rows = Int32Array.from({ length: testLabels.length }, (_, i) => i);
  const restrictions: PopulationRestriction[] = [];
  const restrict = (attribute: string, forgetCodes: ArrayLike<number>, testCodes: ArrayLike<number>, names?: readonly string[]) => {
    const wanted = distinct(forgetCodes);
    const present = distinct(testCodes, rows);
    if ([...present].every((c) => wanted.has(c))) return; // the forget set spans every value: nothing to match
    const kept = rows.filter((r) => wanted.has(testCodes[r]));
    const codes = [...wanted].sort((a, b) => a - b);
    const applied = kept.length > 0;
    restrictions.push({ attribute, codes, values: codes.map((c) => names?.[c] ?? String(c)), applied });
    if (applied) rows = kept;
  };
  restrict('class', forgetLabels, testLabels, classNames);
  for (const group of forgetGroups) {
    const test = testGroups.find((g) => g.name === group.name);
    if (test) restrict(group.name, group.codes, test.codes, group.values ?? test.values);
  }
  const kind = restrictions.some((r) => r.applied) ? 'matched' : 'all-test';
  return {
    rows,
    population: {
      kind,
      nonMemberCount: rows.length,
      testCount: testLabels.length,
      restrictions,
      description: describe(kind, restrictions, rows.length, testLabels.length),
    },
  };
}
