'use client';
/**
 * Per-column choices of a tabular dataset (type, role, missing-value policy), used by the upload
 * wizard's schema step and by a dataset's "New version" panel. The rules mirror
 * lib/data/csv/schema-inference.ts so the form cannot express what the server would refuse:
 * one label, at most one subject, coded roles are categorical, a median needs a numeric feature.
 */
import type { ColumnRole, ColumnSchema, ColumnType, MissingPolicy } from '@/lib/data/types';

export const COLUMN_ROLES: ColumnRole[] = ['feature', 'label', 'subject', 'sensitive', 'ignore'];
export const COLUMN_TYPES: ColumnType[] = ['numeric', 'categorical'];
const MISSING_POLICIES: MissingPolicy[] = ['drop', 'median', 'mode', 'error'];

const ROLE_HELP: Record<ColumnRole, string> = {
  feature: 'feeds the model',
  label: 'the class to predict',
  subject: 'who the row is about (privacy scenarios)',
  sensitive: 'a group attribute for fairness metrics',
  ignore: 'not stored',
};

const MISSING_HELP: Record<MissingPolicy, string> = {
  drop: 'drop the row',
  median: 'fill with the median',
  mode: 'fill with the most frequent value',
  error: 'refuse the file',
};

/** Same defaults as the server's defaultMissingPolicy. */
export function defaultMissing(role: ColumnRole, type: ColumnType): MissingPolicy {
  if (role === 'feature') return type === 'numeric' ? 'median' : 'mode';
  if (role === 'ignore') return 'mode';
  return 'error';
}

function isCoded(role: ColumnRole): boolean {
  return role === 'label' || role === 'subject' || role === 'sensitive';
}

function allowedMissing(c: ColumnSchema): MissingPolicy[] {
  return MISSING_POLICIES.filter((m) => m !== 'median' || (c.type === 'numeric' && c.role === 'feature'));
}

/** Applies one change and its consequences to the whole column list. */
export function changeColumn(columns: ColumnSchema[], index: number, change: Partial<Pick<ColumnSchema, 'type' | 'role' | 'missing'>>): ColumnSchema[] {
  return columns.map((c, i) => {
    if (i === index) {
      const role = change.role ?? c.role;
      const type = isCoded(role) ? 'categorical' : (change.type ?? c.type);
      const roleOrTypeChanged = role !== c.role || type !== c.type;
      const missing = change.missing ?? (roleOrTypeChanged ? defaultMissing(role, type) : c.missing);
      return { ...c, role, type, missing };
    }
    // A new label or subject column demotes the previous one: exactly one label, one subject.
    if ((change.role === 'label' || change.role === 'subject') && c.role === change.role) {
      return { ...c, role: 'feature', missing: defaultMissing('feature', c.type) };
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

const selectClass =
  'block w-full min-w-28 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900 disabled:opacity-60';

export function ColumnChoices({ columns, onChange, idPrefix, error }: { columns: ColumnSchema[]; onChange: (next: ColumnSchema[]) => void; idPrefix: string; error?: string | null }) {
  return (
    <div>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" aria-label="Column choices" data-testid="column-choices">
          <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
            <tr>
              <th scope="col" className="px-2 py-2 font-medium">
                Column
              </th>
              <th scope="col" className="px-2 py-2 font-medium">
                Type
              </th>
              <th scope="col" className="px-2 py-2 font-medium">
                Role
              </th>
              <th scope="col" className="px-2 py-2 font-medium">
                Missing values
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {columns.map((c, i) => {
              const id = `${idPrefix}-col-${i}`;
              return (
                <tr key={c.name} data-testid={`column-${c.name}`}>
                  <th scope="row" className="px-2 py-1.5 font-mono text-xs font-medium">
                    {c.name}
                  </th>
                  <td className="px-2 py-1.5">
                    <label htmlFor={`${id}-type`} className="sr-only">
                      Type of {c.name}
                    </label>
                    <select
                      id={`${id}-type`}
                      className={selectClass}
                      value={c.type}
                      // Labels, subjects and sensitive groups are names, never measurements.
                      disabled={isCoded(c.role)}
                      title={isCoded(c.role) ? `A ${c.role} column is always categorical.` : undefined}
                      onChange={(e) => onChange(changeColumn(columns, i, { type: e.target.value as ColumnType }))}
                    >
                      {COLUMN_TYPES.map((t) => (
                        <option key={t} value={t}>
                          {t}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="px-2 py-1.5">
                    <label htmlFor={`${id}-role`} className="sr-only">
                      Role of {c.name}
                    </label>
                    <select id={`${id}-role`} className={selectClass} value={c.role} onChange={(e) => onChange(changeColumn(columns, i, { role: e.target.value as ColumnRole }))}>
                      {COLUMN_ROLES.map((r) => (
                        <option key={r} value={r}>
                          {r} ({ROLE_HELP[r]})
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="px-2 py-1.5">
                    <label htmlFor={`${id}-missing`} className="sr-only">
                      Missing values in {c.name}
                    </label>
                    <select
                      id={`${id}-missing`}
                      className={selectClass}
                      value={c.missing}
                      onChange={(e) => onChange(changeColumn(columns, i, { missing: e.target.value as MissingPolicy }))}
                    >
                      {allowedMissing(c).map((m) => (
                        <option key={m} value={m}>
                          {m} ({MISSING_HELP[m]})
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {error ? (
        <p role="alert" id={`${idPrefix}-columns-error`} className="mt-2 text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
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
