'use client';
/**
 * Per-column choices of a tabular dataset (type, role, missing-value policy), used by the upload
 * wizard's schema step and by a dataset's "New version" panel. The rules live in column-rules.ts.
 * Wide files (digits has 65 columns) get a search box, row selection with shift-click ranges and
 * bulk actions, and start collapsed to the columns that are not plain features.
 */
import { useId, useState } from 'react';
import type { ColumnRole, ColumnSchema, ColumnType, MissingPolicy } from '@/lib/data/types';
import { buttonClass } from '@/app/_components/ui/ui';
import {
  BULK_ROLES,
  COLUMN_ROLES,
  COLUMN_TYPES,
  MISSING_HELP,
  ROLE_HELP,
  allowedMissing,
  changeColumn,
  changeColumns,
  isCoded,
  matchingColumns,
  numericToFeatures,
  rangeBetween,
  roleCounts,
} from './column-rules';

const selectClass =
  'block w-full min-w-28 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900 disabled:opacity-60';

/** Above this many columns the list starts collapsed and the bulk tools matter. */
const COLLAPSE_ABOVE = 20;

export function ColumnChoices({ columns, onChange, idPrefix, error }: { columns: ColumnSchema[]; onChange: (next: ColumnSchema[]) => void; idPrefix: string; error?: string | null }) {
  const wide = columns.length > COLLAPSE_ABOVE;
  const [expanded, setExpanded] = useState(!wide);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [lastClicked, setLastClicked] = useState<number | null>(null);
  const [bulkRole, setBulkRole] = useState<ColumnRole>('ignore');
  const [bulkType, setBulkType] = useState<ColumnType>('numeric');
  const toolsId = useId();

  const matching = matchingColumns(columns, query);
  // Collapsed, the list keeps what a reader must check: the label and every non-feature column.
  const visible = expanded || query.trim() ? matching : matching.filter((i) => columns[i].role !== 'feature');
  const allVisibleSelected = visible.length > 0 && visible.every((i) => selected.has(i));

  const toggle = (index: number, shift: boolean) => {
    const next = new Set(selected);
    const range = shift && lastClicked !== null ? rangeBetween(visible, lastClicked, index) : [index];
    const on = !selected.has(index);
    for (const i of range) {
      if (on) next.add(i);
      else next.delete(i);
    }
    setSelected(next);
    setLastClicked(index);
  };
  const toggleAllVisible = () => {
    const next = new Set(selected);
    for (const i of visible) {
      if (allVisibleSelected) next.delete(i);
      else next.add(i);
    }
    setSelected(next);
  };
  const applyBulk = (change: Partial<Pick<ColumnSchema, 'type' | 'role'>>) => {
    onChange(changeColumns(columns, [...selected].sort((a, b) => a - b), change));
  };

  return (
    <div>
      {wide ? (
        <div className="mb-3 space-y-2 rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800" role="group" aria-labelledby={`${toolsId}-title`} data-testid="column-tools">
          <p id={`${toolsId}-title`} className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span className="font-medium">
              {columns.length} columns: <span data-testid="column-role-counts">{roleCounts(columns)}</span>
            </span>
            <button type="button" className={buttonClass('secondary', 'sm')} aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
              {expanded ? 'Show only non-feature columns' : `Show all ${columns.length} columns`}
            </button>
          </p>
          <div className="flex flex-wrap items-end gap-2">
            <label className="flex flex-col gap-1">
              <span className="text-xs text-zinc-600 dark:text-zinc-400">Find columns</span>
              <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="e.g. pixel" className={`${selectClass} w-44`} />
            </label>
            <button type="button" className={buttonClass('secondary', 'sm')} onClick={() => onChange(numericToFeatures(columns))}>
              All numeric columns → feature
            </button>
          </div>
          <div className="flex flex-wrap items-end gap-2" aria-live="polite">
            <span className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="column-selected-count">
              {selected.size} selected{selected.size === 0 ? ' (tick rows; shift-click selects a range)' : ''}
            </span>
            <label className="flex items-center gap-1">
              <span className="sr-only">Role for the selected columns</span>
              <select className={selectClass} value={bulkRole} onChange={(e) => setBulkRole(e.target.value as ColumnRole)} disabled={selected.size === 0}>
                {BULK_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className={buttonClass('secondary', 'sm')} disabled={selected.size === 0} onClick={() => applyBulk({ role: bulkRole })}>
              Set role
            </button>
            <label className="flex items-center gap-1">
              <span className="sr-only">Type for the selected columns</span>
              <select className={selectClass} value={bulkType} onChange={(e) => setBulkType(e.target.value as ColumnType)} disabled={selected.size === 0}>
                {COLUMN_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className={buttonClass('secondary', 'sm')} disabled={selected.size === 0} onClick={() => applyBulk({ type: bulkType })}>
              Set type
            </button>
            <button type="button" className={buttonClass('secondary', 'sm')} disabled={selected.size === 0} onClick={() => setSelected(new Set())}>
              Clear selection
            </button>
          </div>
        </div>
      ) : null}
      <div className="relative overflow-x-auto" role="region" aria-label="Column choices" tabIndex={0}>
        <table className="w-full text-left text-sm" aria-label="Column choices" data-testid="column-choices">
          <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
            <tr>
              {wide ? (
                <th scope="col" className="w-8 px-2 py-2 font-medium">
                  <input type="checkbox" aria-label="Select the columns shown" checked={allVisibleSelected} onChange={toggleAllVisible} disabled={visible.length === 0} />
                </th>
              ) : null}
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
            {visible.map((i) => {
              const c = columns[i];
              const id = `${idPrefix}-col-${i}`;
              return (
                <tr key={c.name} data-testid={`column-${c.name}`}>
                  {wide ? (
                    <td className="px-2 py-1.5">
                      <input
                        type="checkbox"
                        aria-label={`Select ${c.name}`}
                        checked={selected.has(i)}
                        // onClick, not onChange: only the mouse event says whether shift was held.
                        onClick={(e) => toggle(i, e.shiftKey)}
                        onChange={() => undefined}
                      />
                    </td>
                  ) : null}
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
      {wide && visible.length < columns.length ? (
        <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400" data-testid="column-hidden-note">
          {columns.length - visible.length} more column{columns.length - visible.length === 1 ? '' : 's'} not shown{query.trim() ? ` (not matching “${query.trim()}”)` : ' (plain features)'}.
        </p>
      ) : null}
      {error ? (
        <p role="alert" id={`${idPrefix}-columns-error`} className="mt-2 text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
