/**
 * What a predicate may look at, and how a column name is found. Predicates can reference
 * feature columns, sensitive attributes, the subject column and the label, because forget sets
 * are often defined by who a row belongs to or which group it is in, not only by features.
 */
import type { DatasetArrays } from '@/lib/data/types';

/** Reserved name for the label in predicates; values are class names. */
export const LABEL_COLUMN = '$label';
/** Alias for the subject column, whatever its source name was. */
export const SUBJECT_COLUMN = '$subject';

export type PredicateColumnSource = 'feature' | 'sensitive' | 'subject' | 'label';

export type ResolvedColumn =
  | { name: string; source: PredicateColumnSource; type: 'numeric'; values: Float32Array }
  | { name: string; source: PredicateColumnSource; type: 'categorical'; categories: string[]; codes: Int32Array };

/** For the builder form: which columns a predicate can use and which values they take. */
export interface PredicateColumnInfo {
  name: string;
  source: PredicateColumnSource;
  type: 'numeric' | 'categorical';
  /** Allowed values of a categorical column (absent for numeric ones). */
  categories?: string[];
}

function allColumns(ds: DatasetArrays): ResolvedColumn[] {
  const out: ResolvedColumn[] = ds.columns.map((c): ResolvedColumn =>
    c.type === 'numeric'
      ? { name: c.name, source: 'feature', type: 'numeric', values: c.values }
      : { name: c.name, source: 'feature', type: 'categorical', categories: c.categories, codes: c.codes },
  );
  for (const g of ds.groups) {
    out.push({ name: g.name, source: 'sensitive', type: 'categorical', categories: g.values, codes: g.codes });
  }
  if (ds.subjects) {
    const s = ds.subjects;
    out.push({ name: s.name, source: 'subject', type: 'categorical', categories: s.values, codes: s.codes });
  }
  out.push({ name: LABEL_COLUMN, source: 'label', type: 'categorical', categories: ds.classNames, codes: ds.labels });
  return out;
}

export function listPredicateColumns(ds: DatasetArrays): PredicateColumnInfo[] {
  return allColumns(ds).map((c) =>
    c.type === 'numeric'
      ? { name: c.name, source: c.source, type: c.type }
      : { name: c.name, source: c.source, type: c.type, categories: c.categories },
  );
}

export function findPredicateColumn(ds: DatasetArrays, name: string): ResolvedColumn | undefined {
  const columns = allColumns(ds);
  if (name === SUBJECT_COLUMN) return columns.find((c) => c.source === 'subject');
  return columns.find((c) => c.name === name);
}

export function predicateColumnNames(ds: DatasetArrays): string[] {
  return allColumns(ds).map((c) => c.name);
}
