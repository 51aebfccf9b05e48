/**
 * Resolves a (possibly nested) selector to a mask of training rows. Each leaf looks at the
 * whole training split; all/any/not are intersection/union/complement within it (see spec.ts).
 */
import type { DatasetArrays } from '@/lib/data/types';
import { fieldPath, formatList, scenarioError } from './errors';
import { evaluatePredicate } from './predicate';
import { complementMask, intersectMasks, maskFromRows, rowsInMask, trainingMask, unionMasks, type RowMask } from './row-set';
import { pickCount, pickShare } from './sample';
import type { Selector } from './spec';

interface SelectorContext {
  ds: DatasetArrays;
  train: Int32Array;
  trainMask: RowMask;
  seed: number;
}

export function resolveSelector(ds: DatasetArrays, selector: Selector, seed: number, field = 'selector'): RowMask {
  return resolveNode({ ds, train: ds.split.train, trainMask: trainingMask(ds), seed }, selector, field);
}

function resolveNode(ctx: SelectorContext, selector: Selector, field: string): RowMask {
  switch (selector.kind) {
    case 'class': return selectClasses(ctx, selector.classes, field);
    case 'subjects': return selectSubjects(ctx, selector.subjectIds, field);
    case 'predicate': return evaluatePredicate(ctx.ds, selector.predicate, ctx.train, fieldPath(field, 'predicate'));
    case 'randomFraction': {
      const pool = selector.of
        ? rowsInMask(resolveNode(ctx, selector.of, fieldPath(field, 'of')), ctx.train)
        : ctx.train;
      return selectRandomFraction(ctx, pool, selector.fraction, field);
    }
    case 'randomSubjects': return selectRandomSubjects(ctx, selector.count, field);
    case 'rowIds': return selectRowIds(ctx, selector.rowIds, field);
    case 'all':
    case 'any': {
      const combine = selector.kind === 'all' ? intersectMasks : unionMasks;
      const masks = selector.selectors.map((s, i) => resolveNode(ctx, s, fieldPath(fieldPath(field, 'selectors'), i)));
      return masks.reduce((acc, m) => combine(acc, m));
    }
    case 'not':
      return complementMask(resolveNode(ctx, selector.selector, fieldPath(field, 'selector')), ctx.trainMask);
  }
}

/** Class names -> indices; unknown names are refused with the list of classes. */
export function classIndex(ds: DatasetArrays, name: string, field: string): number {
  const index = ds.classNames.indexOf(name);
  if (index < 0) {
    throw scenarioError(
      'unknown_class',
      field,
      `no class ${JSON.stringify(name)} in this dataset; classes: ${formatList(ds.classNames, 30)}`,
      { className: name, allowed: ds.classNames },
    );
  }
  return index;
}

function selectClasses(ctx: SelectorContext, classes: string[], field: string): RowMask {
  const wanted = new Set(classes.map((name, i) => classIndex(ctx.ds, name, fieldPath(fieldPath(field, 'classes'), i))));
  const mask = new Uint8Array(ctx.ds.rowCount);
  for (const row of ctx.train) if (wanted.has(ctx.ds.labels[row])) mask[row] = 1;
  return mask;
}

function requireSubjects(ctx: SelectorContext, field: string) {
  if (!ctx.ds.subjects) {
    throw scenarioError('no_subjects', field, 'this dataset has no subject column, so rows cannot be selected by subject');
  }
  return ctx.ds.subjects;
}

function maskOfSubjectCodes(ctx: SelectorContext, codes: Int32Array, wanted: Set<number>): RowMask {
  const mask = new Uint8Array(ctx.ds.rowCount);
  for (const row of ctx.train) if (wanted.has(codes[row])) mask[row] = 1;
  return mask;
}

function selectSubjects(ctx: SelectorContext, ids: string[], field: string): RowMask {
  const subjects = requireSubjects(ctx, field);
  const codeOf = new Map(subjects.values.map((v, i) => [v, i]));
  const unknown = ids.filter((id) => !codeOf.has(id));
  if (unknown.length > 0) {
    throw scenarioError(
      'unknown_subject',
      fieldPath(field, 'subjectIds'),
      `unknown subject id${unknown.length > 1 ? 's' : ''}: ${formatList(unknown, 20)}`,
      { unknownIds: unknown.slice(0, 1000), unknownCount: unknown.length },
    );
  }
  const wanted = new Set(ids.map((id) => codeOf.get(id) as number));
  return maskOfSubjectCodes(ctx, subjects.codes, wanted);
}

/** A seeded share of `pool` (sorted training rows); an empty pool selects nothing. */
function selectRandomFraction(ctx: SelectorContext, pool: Int32Array, fraction: number, field: string): RowMask {
  if (pool.length === 0) return new Uint8Array(ctx.ds.rowCount);
  return maskFromRows(ctx.ds.rowCount, pickShare(pool, fraction, ctx.seed, `selector:${field}`));
}

function selectRandomSubjects(ctx: SelectorContext, count: number, field: string): RowMask {
  const subjects = requireSubjects(ctx, field);
  // Only subjects with training rows can be forgotten; drawing one with test rows only would
  // silently shrink the forget set.
  const present = new Uint8Array(subjects.values.length);
  for (const row of ctx.train) present[subjects.codes[row]] = 1;
  const candidates: number[] = [];
  present.forEach((p, code) => { if (p) candidates.push(code); });
  if (count > candidates.length) {
    throw scenarioError(
      'too_many_subjects',
      fieldPath(field, 'count'),
      `asked for ${count} random subjects but only ${candidates.length} subjects have training rows`,
      { requested: count, available: candidates.length },
    );
  }
  const picked = pickCount(Int32Array.from(candidates), count, ctx.seed, `selector:${field}`);
  return maskOfSubjectCodes(ctx, subjects.codes, new Set(picked));
}

function selectRowIds(ctx: SelectorContext, rowIds: number[], field: string): RowMask {
  const listField = fieldPath(field, 'rowIds');
  if (rowIds.length === 0) {
    throw scenarioError('row_not_in_training', listField, 'the row id list is empty');
  }
  const outside = rowIds.filter((id) => !(Number.isInteger(id) && id >= 0 && id < ctx.ds.rowCount && ctx.trainMask[id]));
  if (outside.length > 0) {
    const inTest = outside.filter((id) => Number.isInteger(id) && id >= 0 && id < ctx.ds.rowCount).length;
    throw scenarioError(
      'row_not_in_training',
      listField,
      `${outside.length} row id${outside.length > 1 ? 's are' : ' is'} not in the training split ` +
        `(${inTest} in the test split, ${outside.length - inTest} outside 0..${ctx.ds.rowCount - 1}): ${formatList(outside, 20)}`,
      { invalidRowIds: outside.slice(0, 1000), invalidCount: outside.length },
    );
  }
  const mask = new Uint8Array(ctx.ds.rowCount);
  for (const id of rowIds) mask[id] = 1;
  return mask;
}
