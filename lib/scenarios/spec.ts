/**
 * The scenario spec: what a researcher asks to forget, as data. These zod schemas are the one
 * definition shared by the API route (validation at the edge), the builder form in the UI and
 * `resolveScenario` (which re-validates, so code-built specs get the same checks).
 *
 * This file only checks the shape of a spec. Whether the names in it (columns, classes,
 * subjects, row ids) exist in a given dataset is checked when resolving against that dataset.
 *
 * Semantics worth knowing:
 * - Selectors act on the training split only. The test split is never forgotten: it stays the
 *   held-out reference for test accuracy and membership inference. A row id of a test row is
 *   refused; a class/subject/predicate selector simply ignores test rows.
 * - Every leaf selector is evaluated over the whole training split on its own; `all`, `any`
 *   and `not` are then set intersection, union and complement (within the training split).
 *   So `all: [class "cat", randomFraction 0.1]` is "cats among a random 10% of training rows";
 *   for "a random 10% of the cats" use `randomFraction 0.1 of: class "cat"`.
 * - Random choices (random fraction, random subjects, poison rows, identified share, request
 *   order) are drawn from the scenario seed, so one spec always resolves to the same rows.
 * - Fractions are strictly inside (0, 1); `identifiedFraction` and request fractions may be 1.
 */
import { z } from 'zod';
import { ScenarioError, fieldPath } from './errors';

export const SCENARIO_CATEGORIES = ['security', 'privacy', 'usability', 'fidelity'] as const;
export const scenarioCategorySchema = z.enum(SCENARIO_CATEGORIES);
export type ScenarioCategory = z.infer<typeof scenarioCategorySchema>;

/** A share of rows strictly between 0 and 1 (0 selects nothing, 1 leaves nothing to retain). */
export function openFractionSchema(name: string) {
  return z
    .number({ error: `${name} must be a number` })
    .gt(0, { error: `${name} must be strictly between 0 and 1` })
    .lt(1, { error: `${name} must be strictly between 0 and 1` });
}

/** A share in (0, 1]: used where "all of it" is meaningful (identified poison, request size). */
function halfOpenFractionSchema(name: string) {
  return z
    .number({ error: `${name} must be a number` })
    .gt(0, { error: `${name} must be greater than 0 and at most 1` })
    .lte(1, { error: `${name} must be greater than 0 and at most 1` });
}

/**
 * Seeds are unsigned 32-bit: the generator truncates to 32 bits, so allowing larger values
 * would let two different-looking seeds give identical scenarios.
 */
export const scenarioSeedSchema = z
  .number({ error: 'seed must be an integer' })
  .int({ error: 'seed must be an integer' })
  .min(0, { error: 'seed must be between 0 and 4294967295' })
  .max(0xffffffff, { error: 'seed must be between 0 and 4294967295' });

// ---------------------------------------------------------------------------------------------
// Predicates over columns
// ---------------------------------------------------------------------------------------------

export const COMPARISON_OPS = ['=', '!=', '<', '<=', '>', '>='] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];

/** Numbers for numeric columns; category names (strings) for categorical ones. */
export type PredicateValue = number | string;

/**
 * `column` names a feature column, a sensitive attribute, the subject column (by its name or
 * `$subject`) or the label (`$label`, compared by class name). `listPredicateColumns` in
 * `columns.ts` lists what a dataset offers.
 */
export type Predicate =
  | { op: ComparisonOp; column: string; value: PredicateValue }
  | { op: 'in'; column: string; values: PredicateValue[] }
  | { op: 'and'; predicates: Predicate[] }
  | { op: 'or'; predicates: Predicate[] }
  | { op: 'not'; predicate: Predicate };

const predicateValueSchema = z.union([z.number(), z.string()], {
  error: 'value must be a number or a category name',
});
const columnNameSchema = z.string().min(1, { error: 'column must name a column' });

export const predicateSchema: z.ZodType<Predicate> = z.lazy(() =>
  z.discriminatedUnion(
    'op',
    [
      z.strictObject({ op: z.enum(COMPARISON_OPS), column: columnNameSchema, value: predicateValueSchema }),
      z.strictObject({
        op: z.literal('in'),
        column: columnNameSchema,
        values: z.array(predicateValueSchema).min(1, { error: 'values must list at least one value' }),
      }),
      z.strictObject({
        op: z.literal('and'),
        predicates: z.array(predicateSchema).min(1, { error: 'predicates must not be empty' }),
      }),
      z.strictObject({
        op: z.literal('or'),
        predicates: z.array(predicateSchema).min(1, { error: 'predicates must not be empty' }),
      }),
      z.strictObject({ op: z.literal('not'), predicate: predicateSchema }),
    ],
    { error: 'op must be one of =, !=, <, <=, >, >=, in, and, or, not' },
  ),
);

// ---------------------------------------------------------------------------------------------
// Selectors: which training rows
// ---------------------------------------------------------------------------------------------

export type Selector =
  /** Every training row whose label is one of these class names. */
  | { kind: 'class'; classes: string[] }
  /** Every training row of these data subjects (right to be forgotten). */
  | { kind: 'subjects'; subjectIds: string[] }
  | { kind: 'predicate'; predicate: Predicate }
  /**
   * round(fraction x n) rows (at least one) drawn with the scenario seed, where n is the number of training
   * rows `of` matches (default: the whole training split). `of` makes "a random 10% of class
   * cat" exact, which intersecting with an independent random fraction is not.
   */
  | { kind: 'randomFraction'; fraction: number; of?: Selector }
  /** Every training row of `count` subjects drawn with the scenario seed. */
  | { kind: 'randomSubjects'; count: number }
  /** An uploaded list of row ids; every id must be a training row. */
  | { kind: 'rowIds'; rowIds: number[] }
  /** Intersection. */
  | { kind: 'all'; selectors: Selector[] }
  /** Union. */
  | { kind: 'any'; selectors: Selector[] }
  /** Training rows the inner selector does not match. */
  | { kind: 'not'; selector: Selector };

export const selectorSchema: z.ZodType<Selector> = z.lazy(() =>
  z.discriminatedUnion(
    'kind',
    [
      z.strictObject({
        kind: z.literal('class'),
        classes: z.array(z.string()).min(1, { error: 'classes must list at least one class' }),
      }),
      z.strictObject({
        kind: z.literal('subjects'),
        subjectIds: z.array(z.string()).min(1, { error: 'subjectIds must list at least one subject id' }),
      }),
      z.strictObject({ kind: z.literal('predicate'), predicate: predicateSchema }),
      z.strictObject({
        kind: z.literal('randomFraction'),
        fraction: openFractionSchema('fraction'),
        of: selectorSchema.optional(),
      }),
      z.strictObject({
        kind: z.literal('randomSubjects'),
        count: z.number().int({ error: 'count must be a whole number' }).min(1, { error: 'count must be at least 1' }),
      }),
      z.strictObject({
        kind: z.literal('rowIds'),
        rowIds: z
          .array(z.number().int({ error: 'row ids must be whole numbers' }))
          .min(1, { error: 'rowIds must list at least one row id' }),
      }),
      z.strictObject({
        kind: z.literal('all'),
        selectors: z.array(selectorSchema).min(1, { error: 'selectors must not be empty' }),
      }),
      z.strictObject({
        kind: z.literal('any'),
        selectors: z.array(selectorSchema).min(1, { error: 'selectors must not be empty' }),
      }),
      z.strictObject({ kind: z.literal('not'), selector: selectorSchema }),
    ],
    { error: 'kind must be one of class, subjects, predicate, randomFraction, randomSubjects, rowIds, all, any, not' },
  ),
);

// ---------------------------------------------------------------------------------------------
// Poison injection (security)
// ---------------------------------------------------------------------------------------------

/** Image trigger: a size x size square of one pixel value (all channels), top-left at (row, col). */
export const patchTriggerSchema = z.strictObject({
  kind: z.literal('patch'),
  size: z.number().int({ error: 'size must be a whole number' }).min(1, { error: 'size must be at least 1' }),
  row: z.number().int({ error: 'row must be a whole number' }).min(0, { error: 'row must be 0 or more' }),
  col: z.number().int({ error: 'col must be a whole number' }).min(0, { error: 'col must be 0 or more' }),
  value: z
    .number()
    .int({ error: 'value must be a whole number' })
    .min(0, { error: 'value must be a pixel value 0..255' })
    .max(255, { error: 'value must be a pixel value 0..255' }),
});

/** Tabular trigger: chosen feature columns set to fixed values (numbers or category names). */
export const featureTriggerSchema = z.strictObject({
  kind: z.literal('features'),
  values: z
    .array(z.strictObject({ column: columnNameSchema, value: predicateValueSchema }))
    .min(1, { error: 'values must set at least one column' }),
});

export const triggerSchema = z.discriminatedUnion('kind', [patchTriggerSchema, featureTriggerSchema], {
  error: 'kind must be patch (images) or features (tabular)',
});

/** How many training rows carry the backdoor: a share of, or a count from, the eligible rows. */
export const poisonAmountSchema = z.discriminatedUnion(
  'by',
  [
    z.strictObject({ by: z.literal('fraction'), fraction: openFractionSchema('fraction') }),
    z.strictObject({
      by: z.literal('count'),
      count: z.number().int({ error: 'count must be a whole number' }).min(1, { error: 'count must be at least 1' }),
    }),
  ],
  { error: 'by must be fraction or count' },
);

export const injectionSchema = z.discriminatedUnion(
  'kind',
  [
    /** A share of class `fromClass`'s training rows relabelled as `toClass`. */
    z.strictObject({
      kind: z.literal('labelFlip'),
      fromClass: z.string(),
      toClass: z.string(),
      fraction: openFractionSchema('fraction'),
    }),
    /** A share of training rows relabelled to a different class, each drawn at random. */
    z.strictObject({ kind: z.literal('randomLabelFlip'), fraction: openFractionSchema('fraction') }),
    /**
     * Rows of non-target classes get the trigger and the target label; the model learns
     * "trigger => target". Clean rows of the target class are never poisoned (no-ops).
     */
    z.strictObject({
      kind: z.literal('backdoor'),
      targetClass: z.string(),
      trigger: triggerSchema,
      poison: poisonAmountSchema,
    }),
  ],
  { error: 'kind must be labelFlip, randomLabelFlip or backdoor' },
);

// ---------------------------------------------------------------------------------------------
// Sequential deletion requests
// ---------------------------------------------------------------------------------------------

/**
 * - `none`: one request, the whole forget set.
 * - `slices`: the forget set in a seeded random order cut into `count` near-equal slices;
 *   request i deletes slices 0..i, so the last request is the whole forget set.
 * - `growing`: fractions are cumulative shares of the forget set, strictly increasing (e.g.
 *   [0.01, 0.05, 0.1, 0.2]); request i deletes the first round(f_i x n) rows of the same
 *   seeded order, so every request contains the previous one. A last fraction below 1 means the
 *   rest of the forget set is never requested.
 */
export const requestsSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('none') }),
    z.strictObject({
      kind: z.literal('slices'),
      count: z
        .number()
        .int({ error: 'count must be a whole number' })
        .min(2, { error: 'count must be at least 2 (use kind none for a single request)' })
        .max(1000, { error: 'count must be at most 1000' }),
    }),
    z.strictObject({
      kind: z.literal('growing'),
      fractions: z
        .array(halfOpenFractionSchema('each fraction'))
        .min(1, { error: 'fractions must list at least one fraction' })
        .max(1000, { error: 'fractions must list at most 1000 fractions' })
        .refine((fs) => fs.every((f, i) => i === 0 || f > fs[i - 1]), {
          error: 'fractions must be strictly increasing (each request contains the previous one)',
        }),
    }),
  ],
  { error: 'kind must be none, slices or growing' },
);

// ---------------------------------------------------------------------------------------------
// The scenario
// ---------------------------------------------------------------------------------------------

const defaultRequests = { kind: 'none' as const };

/**
 * Security: the forget set is the identified share of the injected poison. `selector`, when
 * given, narrows which training rows may be poisoned (e.g. only rows of some subjects).
 */
export const securityScenarioSchema = z.strictObject({
  category: z.literal('security'),
  seed: scenarioSeedSchema,
  injection: injectionSchema,
  /** Share of the poisoned rows known to the unlearning method; the rest stays in retain. */
  identifiedFraction: halfOpenFractionSchema('identifiedFraction').default(1),
  selector: selectorSchema.optional(),
  requests: requestsSchema.default(defaultRequests),
});

function selectionScenarioSchema<C extends 'privacy' | 'usability' | 'fidelity'>(category: C) {
  return z.strictObject({
    category: z.literal(category),
    seed: scenarioSeedSchema,
    /** The forget set: the training rows this selector matches. */
    selector: selectorSchema,
    requests: requestsSchema.default(defaultRequests),
  });
}

export const scenarioSpecSchema = z.discriminatedUnion(
  'category',
  [
    securityScenarioSchema,
    selectionScenarioSchema('privacy'),
    selectionScenarioSchema('usability'),
    selectionScenarioSchema('fidelity'),
  ],
  { error: 'category must be one of security, privacy, usability, fidelity' },
);

/** A validated spec (defaults filled in). */
export type ScenarioSpec = z.output<typeof scenarioSpecSchema>;
/** What a client may send (defaults optional). */
export type ScenarioSpecInput = z.input<typeof scenarioSpecSchema>;
export type SecurityScenarioSpec = z.output<typeof securityScenarioSchema>;
export type Injection = z.output<typeof injectionSchema>;
export type Trigger = z.output<typeof triggerSchema>;
export type PatchTrigger = z.output<typeof patchTriggerSchema>;
export type FeatureTrigger = z.output<typeof featureTriggerSchema>;
export type PoisonAmount = z.output<typeof poisonAmountSchema>;
export type Requests = z.output<typeof requestsSchema>;

/** JSON path of a zod issue, in the same style as ScenarioError fields. */
function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => fieldPath(acc, typeof key === 'number' ? key : String(key)),
    '',
  );
}

/**
 * How deep selectors and predicates may nest (`not` in `not` in ..., `all` of `any` of ...).
 * Real scenarios use a handful of levels; the limit keeps validation and resolution, which
 * recurse, far from the stack's end.
 */
export const MAX_SELECTOR_DEPTH = 32;

/**
 * Refuses a spec whose selectors or predicates nest deeper than MAX_SELECTOR_DEPTH. It walks
 * the untrusted input with an explicit stack, so a 20,000-deep spec costs a loop up to the
 * limit, never a stack overflow; it runs before zod (whose lazy schemas recurse). Depth counts
 * the selector and predicate objects (those with `kind` or `op`) on the path from the root.
 */
function checkNestingDepth(input: unknown): void {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: input, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        if (item !== null && typeof item === 'object') stack.push({ value: item, path: fieldPath(path, i), depth });
      });
      continue;
    }
    const record = value as Record<string, unknown>;
    const level = depth + ('kind' in record || 'op' in record ? 1 : 0);
    // The spec itself has a `category`, not a `kind`: only nested selector/predicate objects count.
    if (level > MAX_SELECTOR_DEPTH) {
      throw new ScenarioError(
        'spec_too_deep',
        `${path}: selectors and predicates nest more than ${MAX_SELECTOR_DEPTH} levels deep, the limit; flatten them (e.g. one "any" with many selectors).`,
        { field: path, limit: MAX_SELECTOR_DEPTH },
      );
    }
    for (const [key, child] of Object.entries(record)) {
      if (child !== null && typeof child === 'object') stack.push({ value: child, path: fieldPath(path, key), depth: level });
    }
  }
}

/**
 * Validates an untrusted spec. Throws a ScenarioError (`invalid_spec`) whose field is the path
 * of the first problem and whose details list every problem.
 */
export function parseScenarioSpec(input: unknown): ScenarioSpec {
  checkNestingDepth(input);
  const result = scenarioSpecSchema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    field: formatIssuePath(issue.path) || 'spec',
    message: issue.message,
  }));
  const first = issues[0];
  throw new ScenarioError('invalid_spec', `${first.field}: ${first.message}`, { field: first.field, issues });
}
