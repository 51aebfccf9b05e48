'use client';
/**
 * The forget-set selector editor: a list of conditions joined by "all" or "any", each of which
 * can be negated or be a nested group. It edits the spec's Selector directly (no second model
 * to keep in sync), and every node knows its JSON path so API errors land next to it.
 */
import { useId, useMemo, useState, type ReactNode } from 'react';
import { COMPARISON_OPS, type ComparisonOp, type Predicate, type PredicateValue, type Selector } from '@/lib/scenarios/spec';
import { buttonClass } from '@/app/_components/ui/ui';
import { ErrorText, inputClass, NumberField, useErrorWhere, useErrorWithin } from './scenario-fields';
import { columnLabel, fieldWithin, type ScenarioDatasetSummary, type SummaryColumn } from './scenario-model';

type LeafPredicate = Extract<Predicate, { column: string }>;

export interface EditorContext {
  ds: ScenarioDatasetSummary;
  /** Fidelity scenarios are about sensitive groups: offer those columns first. */
  preferSensitive?: boolean;
}

const SOURCE_LABEL: Record<SummaryColumn['source'], string> = {
  sensitive: 'Sensitive attributes',
  subject: 'Data subject',
  label: 'Label',
  feature: 'Features',
};

function orderedColumns(ctx: EditorContext): SummaryColumn[] {
  const order: SummaryColumn['source'][] = ctx.preferSensitive ? ['sensitive', 'feature', 'label', 'subject'] : ['feature', 'sensitive', 'label', 'subject'];
  return [...ctx.ds.columns].sort((a, b) => order.indexOf(a.source) - order.indexOf(b.source));
}

/** A sensible first condition on a column: its first category, or "> 0" for numbers. */
export function defaultLeaf(column: SummaryColumn): { op: ComparisonOp; column: string; value: PredicateValue } {
  if (column.type === 'categorical') return { op: '=', column: column.name, value: column.categories?.[0] ?? '' };
  return { op: '>', column: column.name, value: 0 };
}

export function defaultPredicateSelector(ctx: EditorContext): Selector {
  const first = orderedColumns(ctx)[0];
  return { kind: 'predicate', predicate: defaultLeaf(first) };
}

/** Integers found in pasted text or a file: one id per line or separated by commas/spaces; a CSV contributes its first column. */
export function parseRowIds(text: string): { ids: number[]; skipped: number } {
  const ids: number[] = [];
  let skipped = 0;
  const lines = text.split(/\r?\n/);
  // A CSV with several columns lists one row per line; the row id is the first field.
  const multiColumn = lines.filter((l) => l.includes(',')).length > 1 && lines.some((l) => l.split(',').length > 1 && !/^\s*[\d\s,]+\s*$/.test(l));
  const tokens = multiColumn ? lines.map((l) => l.split(',')[0]) : text.split(/[\s,;]+/);
  for (const raw of tokens) {
    const t = raw.trim().replace(/^"|"$/g, '');
    if (!t) continue;
    if (/^\d+$/.test(t)) ids.push(Number(t));
    else skipped++;
  }
  return { ids, skipped };
}

/** Distinct ids from pasted text: separated by commas, semicolons, spaces or new lines. */
export function parseIdList(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((t) => t.trim().replace(/^"|"$/g, '')).filter(Boolean))];
}

// ---------------------------------------------------------------------------------------------
// Leaf editors (also used on their own by the category panels)
// ---------------------------------------------------------------------------------------------

export function ClassPicker({ ds, classes, onChange, path, legend = 'Classes' }: { ds: ScenarioDatasetSummary; classes: string[]; onChange: (c: string[]) => void; path: string; legend?: string }) {
  const error = useErrorWithin(path);
  return (
    <fieldset>
      <legend className="text-xs font-medium">{legend}</legend>
      <div className="mt-1 flex max-h-40 flex-wrap gap-x-4 gap-y-1 overflow-y-auto">
        {ds.classNames.map((c) => (
          <label key={c} className="flex items-center gap-1.5 text-sm">
            <input type="checkbox" checked={classes.includes(c)} onChange={(e) => onChange(e.target.checked ? [...classes, c] : classes.filter((x) => x !== c))} />
            {c}
          </label>
        ))}
      </div>
      <ErrorText message={error} />
    </fieldset>
  );
}

export function SubjectPicker({ ds, ids, onChange, path }: { ds: ScenarioDatasetSummary; ids: string[]; onChange: (ids: string[]) => void; path: string }) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [pasted, setPasted] = useState('');
  const error = useErrorWithin(path);
  const subjects = ds.subjects;
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    const all = subjects?.values ?? [];
    return (q ? all.filter((v) => v.toLowerCase().includes(q)) : all).slice(0, 60);
  }, [query, subjects]);
  if (!subjects) return <p className="text-sm text-zinc-500">This dataset has no subject column.</p>;
  const selected = new Set(ids);
  return (
    <div className="space-y-3" data-testid="subject-picker">
      <div>
        <label htmlFor={`${id}-search`} className="block text-xs font-medium">
          Search {subjects.name} ({subjects.count.toLocaleString('en-US')} subjects)
        </label>
        <input id={`${id}-search`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Type part of an id" className={`mt-1 ${inputClass()}`} />
        <fieldset className="mt-2">
          <legend className="sr-only">Matching subjects</legend>
          <div className="grid max-h-48 grid-cols-2 gap-x-3 gap-y-1 overflow-y-auto rounded-md border border-zinc-200 p-2 sm:grid-cols-3 dark:border-zinc-800">
            {matches.length === 0 ? <p className="col-span-full text-xs text-zinc-500">No subject id contains “{query}”.</p> : null}
            {matches.map((v) => (
              <label key={v} className="flex items-center gap-1.5 text-sm">
                <input type="checkbox" checked={selected.has(v)} onChange={(e) => onChange(e.target.checked ? [...ids, v] : ids.filter((x) => x !== v))} />
                {v}
              </label>
            ))}
          </div>
          <p className="mt-1 text-xs text-zinc-500">Shows the first {matches.length} matches; search to narrow down.</p>
        </fieldset>
      </div>
      <div>
        <label htmlFor={`${id}-paste`} className="block text-xs font-medium">
          Or paste ids
        </label>
        <div className="mt-1 flex gap-2">
          <textarea id={`${id}-paste`} rows={2} value={pasted} onChange={(e) => setPasted(e.target.value)} placeholder="C0001, C0002 or one per line" className={inputClass()} />
          <button
            type="button"
            className={buttonClass('secondary', 'sm')}
            onClick={() => {
              const add = parseIdList(pasted).filter((x) => !selected.has(x));
              onChange([...ids, ...add]);
              setPasted('');
            }}
          >
            Add
          </button>
        </div>
      </div>
      <div>
        <div className="flex items-center justify-between text-xs font-medium">
          <span>Selected: {ids.length}</span>
          {ids.length > 0 ? (
            <button type="button" className="text-brand-600 hover:underline dark:text-blue-400" onClick={() => onChange([])}>
              Clear
            </button>
          ) : null}
        </div>
        {ids.length > 0 ? (
          <ul className="mt-1 flex flex-wrap gap-1" aria-label="Selected subjects">
            {ids.map((v) => (
              <li key={v}>
                <button
                  type="button"
                  aria-label={`Remove ${v}`}
                  onClick={() => onChange(ids.filter((x) => x !== v))}
                  className="rounded bg-brand-100 px-1.5 py-0.5 text-xs text-brand-700 hover:bg-brand-50 dark:bg-blue-950 dark:text-blue-200"
                >
                  {v} ×
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <ErrorText message={error} />
    </div>
  );
}

export function RowIdsInput({ rowIds, onChange, path }: { rowIds: number[]; onChange: (ids: number[]) => void; path: string }) {
  const id = useId();
  const [text, setText] = useState(() => rowIds.join(', '));
  const [note, setNote] = useState<string | null>(null);
  const error = useErrorWithin(path);
  const apply = (value: string, source: string) => {
    const { ids, skipped } = parseRowIds(value);
    onChange(ids);
    setNote(`${ids.length.toLocaleString('en-US')} row ids from ${source}${skipped ? `; ${skipped} entries that are not whole numbers skipped` : ''}.`);
  };
  return (
    <div className="space-y-2">
      <label htmlFor={id} className="block text-xs font-medium">
        Row ids (training rows, 0-based)
      </label>
      <textarea
        id={id}
        rows={3}
        value={text}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          setText(e.target.value);
          apply(e.target.value, 'the text');
        }}
        placeholder="12, 40, 41 or one per line"
        className={inputClass(!!error)}
      />
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <label htmlFor={`${id}-file`} className="font-medium">
          Or upload a .txt/.csv file
        </label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".txt,.csv,text/plain,text/csv"
          className="text-xs"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            const content = await file.text();
            const { ids } = parseRowIds(content);
            setText(ids.join(', '));
            apply(content, file.name);
          }}
        />
      </div>
      {note ? (
        <p className="text-xs text-zinc-500" role="status">
          {note}
        </p>
      ) : null}
      <ErrorText message={error} />
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Predicate row
// ---------------------------------------------------------------------------------------------

function valueOf(column: SummaryColumn, text: string): PredicateValue {
  if (column.type === 'categorical') return text;
  const n = Number(text);
  // Keep the text when it is not a number: the API then says the column is numeric.
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

function PredicateRow({ predicate, onChange, path, ctx }: { predicate: LeafPredicate; onChange: (p: LeafPredicate) => void; path: string; ctx: EditorContext }) {
  const id = useId();
  const columns = orderedColumns(ctx);
  const column = ctx.ds.columns.find((c) => c.name === predicate.column) ?? columns[0];
  const pPath = `${path}.predicate`;
  const columnError = useErrorWhere((f) => fieldWithin(f, `${pPath}.column`));
  const opError = useErrorWhere((f) => fieldWithin(f, `${pPath}.op`));
  const valueError = useErrorWhere((f) => fieldWithin(f, `${pPath}.value`) || fieldWithin(f, `${pPath}.values`));
  const ops: Array<ComparisonOp | 'in'> = column.type === 'numeric' ? [...COMPARISON_OPS, 'in'] : ['=', '!=', 'in'];
  const sources = [...new Set(columns.map((c) => c.source))];
  const categories = column.categories ?? [];
  const freeText = column.type === 'categorical' && column.categoriesTruncated;

  const setOp = (op: ComparisonOp | 'in') => {
    if (op === 'in') {
      const first = predicate.op === 'in' ? predicate.values : [predicate.value];
      onChange({ op: 'in', column: predicate.column, values: first });
    } else {
      const value = predicate.op === 'in' ? (predicate.values[0] ?? defaultLeaf(column).value) : predicate.value;
      onChange({ op, column: predicate.column, value });
    }
  };

  let valueControl: ReactNode;
  if (predicate.op === 'in') {
    if (column.type === 'categorical' && !freeText) {
      valueControl = (
        <fieldset>
          <legend className="block text-xs font-medium">Values</legend>
          <div className="mt-1 flex max-h-32 flex-wrap gap-x-3 gap-y-1 overflow-y-auto">
            {categories.map((c) => (
              <label key={c} className="flex items-center gap-1 text-sm">
                <input
                  type="checkbox"
                  checked={predicate.values.includes(c)}
                  onChange={(e) => onChange({ ...predicate, values: e.target.checked ? [...predicate.values, c] : predicate.values.filter((v) => v !== c) })}
                />
                {c}
              </label>
            ))}
          </div>
        </fieldset>
      );
    } else {
      valueControl = (
        <div>
          <label htmlFor={`${id}-values`} className="block text-xs font-medium">
            Values (comma-separated)
          </label>
          <input
            id={`${id}-values`}
            type="text"
            defaultValue={predicate.values.join(', ')}
            aria-invalid={valueError ? true : undefined}
            onChange={(e) => onChange({ ...predicate, values: parseIdList(e.target.value).map((t) => valueOf(column, t)) })}
            className={`mt-1 ${inputClass(!!valueError)}`}
          />
        </div>
      );
    }
  } else if (column.type === 'categorical' && !freeText) {
    valueControl = (
      <div>
        <label htmlFor={`${id}-value`} className="block text-xs font-medium">
          Value
        </label>
        <select id={`${id}-value`} value={String(predicate.value)} aria-invalid={valueError ? true : undefined} onChange={(e) => onChange({ ...predicate, value: e.target.value })} className={`mt-1 ${inputClass(!!valueError)}`}>
          {categories.includes(String(predicate.value)) ? null : <option value={String(predicate.value)}>{String(predicate.value)} (not in the dataset)</option>}
          {categories.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
    );
  } else if (column.type === 'categorical') {
    valueControl = (
      <div>
        <label htmlFor={`${id}-value`} className="block text-xs font-medium">
          Value
        </label>
        <input id={`${id}-value`} list={`${id}-list`} type="text" value={String(predicate.value)} aria-invalid={valueError ? true : undefined} onChange={(e) => onChange({ ...predicate, value: e.target.value })} className={`mt-1 ${inputClass(!!valueError)}`} />
        <datalist id={`${id}-list`}>
          {categories.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
      </div>
    );
  } else {
    valueControl = <NumberField label="Value" value={typeof predicate.value === 'number' ? predicate.value : Number.NaN} onChange={(n) => onChange({ ...predicate, value: n })} path={`${pPath}.value`} />;
  }

  return (
    <div>
      <div className="grid gap-2 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,2fr)]">
        <div>
          <label htmlFor={`${id}-column`} className="block text-xs font-medium">
            Column
          </label>
          <select
            id={`${id}-column`}
            value={column.name}
            aria-invalid={columnError ? true : undefined}
            onChange={(e) => {
              const next = ctx.ds.columns.find((c) => c.name === e.target.value);
              if (next) onChange(defaultLeaf(next));
            }}
            className={`mt-1 ${inputClass(!!columnError)}`}
          >
            {sources.map((s) => (
              <optgroup key={s} label={SOURCE_LABEL[s]}>
                {columns
                  .filter((c) => c.source === s)
                  .map((c) => (
                    <option key={c.name} value={c.name}>
                      {columnLabel(c.name)}
                      {c.type === 'numeric' ? ' (number)' : ''}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-op`} className="block text-xs font-medium">
            Operator
          </label>
          <select id={`${id}-op`} value={predicate.op} aria-invalid={opError ? true : undefined} onChange={(e) => setOp(e.target.value as ComparisonOp | 'in')} className={`mt-1 ${inputClass(!!opError)}`}>
            {ops.map((op) => (
              <option key={op} value={op}>
                {op === 'in' ? 'is one of' : op}
              </option>
            ))}
          </select>
        </div>
        {valueControl}
      </div>
      <ErrorText message={columnError ?? opError ?? (column.type === 'numeric' && predicate.op !== 'in' ? undefined : valueError)} />
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// The tree
// ---------------------------------------------------------------------------------------------

const KIND_LABEL: Record<Selector['kind'], string> = {
  predicate: 'Column condition',
  class: 'Whole classes',
  subjects: 'Data subjects',
  randomFraction: 'Random share of rows',
  randomSubjects: 'Random subjects',
  rowIds: 'Row ids',
  all: 'Group',
  any: 'Group',
  not: 'Not',
};

export function LeafEditor({ value, onChange, path, ctx }: { value: Selector; onChange: (s: Selector | undefined) => void; path: string; ctx: EditorContext }) {
  switch (value.kind) {
    case 'predicate':
      // Predicate-level and/or/not were rewritten into groups when the spec was loaded.
      return 'column' in value.predicate ? <PredicateRow predicate={value.predicate} onChange={(p) => onChange({ kind: 'predicate', predicate: p })} path={path} ctx={ctx} /> : null;
    case 'class':
      return <ClassPicker ds={ctx.ds} classes={value.classes} onChange={(classes) => onChange({ kind: 'class', classes })} path={path} />;
    case 'subjects':
      return <SubjectPicker ds={ctx.ds} ids={value.subjectIds} onChange={(subjectIds) => onChange({ kind: 'subjects', subjectIds })} path={path} />;
    case 'randomSubjects':
      return <NumberField label="Number of subjects" value={value.count} onChange={(count) => onChange({ kind: 'randomSubjects', count })} path={`${path}.count`} hint="Drawn with the scenario seed among subjects with training rows." />;
    case 'rowIds':
      return <RowIdsInput rowIds={value.rowIds} onChange={(rowIds) => onChange({ kind: 'rowIds', rowIds })} path={path} />;
    case 'randomFraction':
      return (
        <div className="space-y-2">
          <NumberField percent label="Share" value={value.fraction} onChange={(fraction) => onChange({ ...value, fraction })} path={`${path}.fraction`} hint="Drawn with the scenario seed." className="max-w-40" />
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={value.of !== undefined}
              onChange={(e) => onChange(e.target.checked ? { ...value, of: defaultPredicateSelector(ctx) } : { kind: 'randomFraction', fraction: value.fraction })}
            />
            Only among rows matching conditions (otherwise of the whole training split)
          </label>
          {value.of ? <SelectorEditor value={value.of} onChange={(of) => onChange(of ? { ...value, of } : { kind: 'randomFraction', fraction: value.fraction })} path={`${path}.of`} ctx={ctx} nested /> : null}
        </div>
      );
    case 'all':
    case 'any':
      return <GroupEditor combinator={value.kind} items={value.selectors} onChange={(kind, selectors) => onChange({ kind, selectors })} path={path} ctx={ctx} />;
    case 'not':
      return null;
  }
}

/** One condition in a group, with its negate and remove buttons. */
function ConditionFrame({ value, onChange, onRemove, path, ctx, index }: { value: Selector; onChange: (s: Selector) => void; onRemove: () => void; path: string; ctx: EditorContext; index: number }) {
  const negated = value.kind === 'not';
  const inner = value.kind === 'not' ? value.selector : value;
  const innerPath = negated ? `${path}.selector` : path;
  const wrap = (s: Selector) => (negated ? { kind: 'not' as const, selector: s } : s);
  const isGroup = inner.kind === 'all' || inner.kind === 'any';
  // Each error is shown once: the leaf editors show what is below them (a predicate row its
  // column/op/value), groups and random shares their own fields; the frame shows the rest.
  const ownError = useErrorWhere((f) => {
    if (!fieldWithin(f, path)) return false;
    if (!fieldWithin(f, innerPath)) return true;
    if (isGroup) return false;
    if (inner.kind === 'randomFraction') return f === innerPath || f === `${innerPath}.kind`;
    if (inner.kind === 'predicate') return !/^\.predicate\.(column|op|values?)\b/.test(f.slice(innerPath.length));
    if (inner.kind === 'randomSubjects') return f !== `${innerPath}.count`;
    return false;
  });
  return (
    <li
      className={`rounded-md border p-3 ${negated ? 'border-amber-400 dark:border-amber-700' : 'border-zinc-200 dark:border-zinc-800'} ${isGroup ? 'bg-zinc-50 dark:bg-zinc-950' : ''}`}
      data-testid={`condition-${path}`}
    >
      <div className="mb-2 flex flex-wrap items-center gap-2 text-xs">
        <span className="font-semibold">
          {negated ? 'NOT ' : ''}
          {KIND_LABEL[inner.kind]} {index + 1}
        </span>
        <span className="ml-auto flex gap-1">
          <button type="button" aria-pressed={negated} className={buttonClass('secondary', 'sm')} onClick={() => onChange(negated ? inner : { kind: 'not', selector: inner })} aria-label={`Negate condition ${index + 1}`}>
            {negated ? 'Negated' : 'Negate'}
          </button>
          <button type="button" className={buttonClass('danger', 'sm')} onClick={onRemove} aria-label={`Remove condition ${index + 1}`}>
            Remove
          </button>
        </span>
      </div>
      <LeafEditor value={inner} onChange={(s) => (s ? onChange(wrap(s)) : onRemove())} path={innerPath} ctx={ctx} />
      <ErrorText message={ownError} />
    </li>
  );
}

function AddButtons({ ctx, onAdd, allowGroup = true }: { ctx: EditorContext; onAdd: (s: Selector) => void; allowGroup?: boolean }) {
  const options: Array<{ label: string; make: () => Selector }> = [
    { label: 'Column condition', make: () => defaultPredicateSelector(ctx) },
    { label: 'Whole classes', make: () => ({ kind: 'class', classes: [ctx.ds.classNames[0]] }) },
    ...(ctx.ds.subjects ? [{ label: 'Data subjects', make: (): Selector => ({ kind: 'subjects', subjectIds: [] }) }] : []),
    { label: 'Random share', make: () => ({ kind: 'randomFraction', fraction: 0.1 }) },
    { label: 'Row ids', make: () => ({ kind: 'rowIds', rowIds: [] }) },
    ...(allowGroup ? [{ label: 'Nested group', make: (): Selector => ({ kind: 'any', selectors: [defaultPredicateSelector(ctx)] }) }] : []),
  ];
  return (
    <div className="flex flex-wrap items-center gap-1" role="group" aria-label="Add a condition">
      <span className="text-xs text-zinc-500">Add:</span>
      {options.map((o) => (
        <button key={o.label} type="button" className={buttonClass('secondary', 'sm')} onClick={() => onAdd(o.make())}>
          + {o.label}
        </button>
      ))}
    </div>
  );
}

function GroupEditor({
  combinator,
  items,
  onChange,
  path,
  ctx,
  itemPath = (i) => `${path}.selectors[${i}]`,
}: {
  combinator: 'all' | 'any';
  items: Selector[];
  onChange: (combinator: 'all' | 'any', items: Selector[]) => void;
  path: string;
  ctx: EditorContext;
  itemPath?: (i: number) => string;
}) {
  const id = useId();
  const error = useErrorWhere((f) => f === path || f === `${path}.selectors` || f === `${path}.kind`);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <label htmlFor={`${id}-comb`}>Rows matching</label>
        <select id={`${id}-comb`} value={combinator} onChange={(e) => onChange(e.target.value as 'all' | 'any', items)} className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900">
          <option value="all">all</option>
          <option value="any">any</option>
        </select>
        <span>of these conditions</span>
      </div>
      <ErrorText message={error} />
      {items.length === 0 ? <p className="text-xs text-zinc-500">No condition yet: add one below.</p> : null}
      <ul className="space-y-2">
        {items.map((s, i) => (
          <ConditionFrame
            key={i}
            index={i}
            value={s}
            path={itemPath(i)}
            ctx={ctx}
            onChange={(next) => onChange(combinator, items.map((x, j) => (j === i ? next : x)))}
            onRemove={() => onChange(combinator, items.filter((_, j) => j !== i))}
          />
        ))}
      </ul>
      <AddButtons ctx={ctx} onAdd={(s) => onChange(combinator, [...items, s])} />
    </div>
  );
}

/**
 * A whole selector. A single condition is shown as a one-item group so adding a second one is
 * the same gesture as adding a third; it is only wrapped in `all` once there are two.
 */
export function SelectorEditor({ value, onChange, path, ctx, nested = false }: { value: Selector | undefined; onChange: (s: Selector | undefined) => void; path: string; ctx: EditorContext; nested?: boolean }) {
  const rootError = useErrorWhere((f) => value === undefined && fieldWithin(f, path));
  const frame = nested ? 'rounded-md border border-dashed border-zinc-300 p-3 dark:border-zinc-700' : '';
  if (!value) {
    return (
      <div className={`space-y-2 ${frame}`}>
        <p className="text-sm text-zinc-500">No condition yet.</p>
        <AddButtons ctx={ctx} onAdd={onChange} />
        <ErrorText message={rootError} />
      </div>
    );
  }
  if (value.kind === 'all' || value.kind === 'any') {
    return (
      <div className={frame}>
        <GroupEditor combinator={value.kind} items={value.selectors} onChange={(kind, selectors) => onChange({ kind, selectors })} path={path} ctx={ctx} />
      </div>
    );
  }
  return (
    <div className={frame}>
      <GroupEditor
        combinator="all"
        items={[value]}
        // The single root condition has the root's own path (not selectors[0]).
        itemPath={() => path}
        onChange={(kind, items) => onChange(items.length === 0 ? undefined : items.length === 1 && kind === 'all' ? items[0] : { kind, selectors: items })}
        path={`${path}#root`}
        ctx={ctx}
      />
    </div>
  );
}
