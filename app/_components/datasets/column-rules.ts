/**
 * The rules of per-column choices (type, role, missing-value policy), shared by the upload
 * wizard's schema step and a dataset's "New version" panel. They mirror
 * lib/data/csv/schema-inference.ts so the form cannot express what the server would refuse:
 * one label, at most one subject, coded roles are categorical, a median needs a numeric feature.
 */
import { defaultMissingPolicy } from '@/lib/data/csv/schema-inference';
import type { ColumnRole, ColumnSchema, ColumnType, MissingPolicy } from '@/lib/data/types';

export const COLUMN_ROLES: ColumnRole[] = ['feature', 'label', 'subject', 'sensitive', 'ignore'];
export const COLUMN_TYPES: ColumnType[] = ['numeric', 'categorical'];
export const MISSING_POLICIES: MissingPolicy[] = ['drop', 'median', 'mode', 'error'];

export const ROLE_HELP: Record<ColumnRole, string> = {
  feature: 'feeds the model',
  label: 'the class to predict',
  subject: 'who the row is about (privacy scenarios)',
  sensitive: 'a group attribute for fairness metrics',
  ignore: 'not stored',
};

export const MISSING_HELP: Record<MissingPolicy, string> = {
  drop: 'drop the row',
  median: 'fill with the median',
  mode: 'fill with the most frequent value',
  error: 'refuse the file',
};

export function isCoded(role: ColumnRole): boolean {
  return role === 'label' || role === 'subject' || role === 'sensitive';
}

export function allowedMissing(c: ColumnSchema): MissingPolicy[] {
  return MISSING_POLICIES.filter((m) => m !== 'median' || (c.type === 'numeric' && c.role === 'feature'));
}

/** Applies one change and its consequences to the whole column list. */
export function changeColumn(columns: ColumnSchema[], index: number, change: Partial<Pick<ColumnSchema, 'type' | 'role' | 'missing'>>): ColumnSchema[] {
  return columns.map((c, i) => {
    if (i === index) {
      const role = change.role ?? c.role;
      const type = isCoded(role) ? 'categorical' : (change.type ?? c.type);
      const roleOrTypeChanged = role !== c.role || type !== c.type;
      const missing = change.missing ?? (roleOrTypeChanged ? defaultMissingPolicy(role, type) : c.missing);
      return { ...c, role, type, missing };
    }
    // A new label or subject column demotes the previous one: exactly one label, one subject.
    if ((change.role === 'label' || change.role === 'subject') && c.role === change.role) {
      return { ...c, role: 'feature', missing: defaultMissingPolicy('feature', c.type) };
    }
    return c;
  });
}

/** The client-side check of the rules the form cannot prevent by construction. */
export function columnsProblem(columns: ColumnSchema[]): string | null {
  const labels = columns.filter((c) => c.role === 'label').length;
  if (labels === 0) return 'Choose a label column: the column that holds the class of each row.';
  if (!columns.some((c) => c.role === 'feature')) return 'Keep at least one feature column: the model needs something to learn from.';
  return null;
}


/** Roles that many columns may share; a label or subject is one column, chosen in its row. */
export const BULK_ROLES: ColumnRole[] = ['feature', 'sensitive', 'ignore'];

/** Applies one change to several columns, each with the consequences of `changeColumn`. */
export function changeColumns(columns: ColumnSchema[], indices: Iterable<number>, change: Partial<Pick<ColumnSchema, 'type' | 'role'>>): ColumnSchema[] {
  let next = columns;
  for (const i of indices) next = changeColumn(next, i, change);
  return next;
}

/** Every numeric column that is not the label or the subject becomes a feature. */
export function numericToFeatures(columns: ColumnSchema[]): ColumnSchema[] {
  const indices = columns.flatMap((c, i) => (c.type === 'numeric' && c.role !== 'label' && c.role !== 'subject' && c.role !== 'feature' ? [i] : []));
  return changeColumns(columns, indices, { role: 'feature' });
}

/** Positions of the columns whose name contains the query (case-insensitive), in order. */
export function matchingColumns(columns: ColumnSchema[], query: string): number[] {
  const q = query.trim().toLowerCase();
  return columns.flatMap((c, i) => (!q || c.name.toLowerCase().includes(q) ? [i] : []));
}

/** The visible positions between two clicked ones, both included (a shift-click range). */
export function rangeBetween(visible: number[], from: number, to: number): number[] {
  const a = visible.indexOf(from);
  const b = visible.indexOf(to);
  if (a < 0 || b < 0) return [to];
  return visible.slice(Math.min(a, b), Math.max(a, b) + 1);
}

/** "63 features, 1 label, 1 ignored": what the collapsed list says. */
export function roleCounts(columns: ColumnSchema[]): string {
  const count = (role: ColumnRole) => columns.filter((c) => c.role === role).length;
  const parts: string[] = [];
  const features = count('feature');
  parts.push(`${features} feature${features === 1 ? '' : 's'}`);
  parts.push(`${count('label')} label`);
  if (count('subject')) parts.push(`${count('subject')} subject`);
  if (count('sensitive')) parts.push(`${count('sensitive')} sensitive`);
  if (count('ignore')) parts.push(`${count('ignore')} ignored`);
  return parts.join(', ');
}

/**
 * Only what the user changed against the inferred schema: the server infers from the whole file,
 * and the preview saw only its start, so unchanged columns are left to the server's inference.
 */
export function columnOverrides(inferred: ColumnSchema[], chosen: ColumnSchema[]): Array<{ name: string } & Partial<Omit<ColumnSchema, 'name'>>> {
  const byName = new Map(inferred.map((c) => [c.name, c]));
  return chosen.flatMap((c) => {
    const base = byName.get(c.name);
    if (!base) return [{ ...c }];
    const o: { name: string } & Partial<Omit<ColumnSchema, 'name'>> = { name: c.name };
    if (c.type !== base.type) o.type = c.type;
    if (c.role !== base.role) o.role = c.role;
    if (c.missing !== base.missing) o.missing = c.missing;
    return Object.keys(o).length > 1 ? [o] : [];
  });
}
