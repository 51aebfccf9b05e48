'use client';
/**
 * The guided scenario builder: pick a category (its template pre-fills a spec for this
 * dataset), adjust the category's controls, and watch the live preview, which re-asks the
 * preview endpoint ~400 ms after the last change. The server is the one validator: its errors
 * come back with a JSON path and are shown next to the control that path names.
 */
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useMemo, useState } from 'react';
import type { Injection, Requests, ScenarioCategory, Selector } from '@/lib/scenarios/spec';
import { SCENARIO_CATEGORIES } from '@/lib/scenarios/spec';
import { scenarioTemplates } from '@/lib/scenarios/templates';
import { Badge, buttonClass } from '@/app/_components/ui/ui';
import { ErrorText, inputClass, NumberField, ScenarioErrorContext, Segmented, SelectField, useErrorWhere, useErrorWithin, type FieldErrorState } from './scenario-fields';
import {
  builderShowsField,
  CATEGORY_TONES,
  specBody,
  templateInfo,
  type ApiErrorBody,
  type ClientPreview,
  type ScenarioDatasetSummary,
  type SpecDraft,
} from './scenario-model';
import { ClassPicker, defaultPredicateSelector, LeafEditor, RowIdsInput, SelectorEditor, SubjectPicker, type EditorContext } from './scenario-selector-editor';
import { ScenarioSummary } from './scenario-summary';

const PREVIEW_DELAY_MS = 400;

type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiErrorBody };

async function callApi<T>(url: string, method: string, body: unknown, signal?: AbortSignal): Promise<ApiResult<T>> {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal });
  const json: unknown = await res.json().catch(() => null);
  if (res.ok) return { ok: true, status: res.status, data: json as T };
  const error = (json as { error?: ApiErrorBody } | null)?.error ?? { code: 'internal', message: `The server answered ${res.status}.` };
  return { ok: false, status: res.status, error };
}

/** The message without its leading "field.path: ", which the inline position already says. */
function toFieldError(error: ApiErrorBody): FieldErrorState {
  const field = typeof error.details?.field === 'string' ? error.details.field : undefined;
  const message = field && error.message.startsWith(`${field}: `) ? error.message.slice(field.length + 2) : error.message;
  return { field, message };
}

// ---------------------------------------------------------------------------------------------
// Category cards
// ---------------------------------------------------------------------------------------------

function CategoryCards({ value, onChange, lockedTo }: { value: ScenarioCategory | null; onChange: (c: ScenarioCategory) => void; lockedTo?: ScenarioCategory }) {
  return (
    <fieldset>
      <legend className="text-base font-semibold">1. What situation does the scenario model?</legend>
      {lockedTo ? <p className="mt-1 text-xs text-zinc-500">The category of a saved scenario stays; to model another situation, create a new scenario.</p> : null}
      <div className="mt-3 grid gap-3 md:grid-cols-2">
        {SCENARIO_CATEGORIES.map((c) => {
          const t = scenarioTemplates[c];
          const checked = value === c;
          const disabled = lockedTo !== undefined && lockedTo !== c;
          return (
            <label
              key={c}
              data-testid={`category-${c}`}
              className={`relative block cursor-pointer rounded-lg border p-4 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-500 ${
                checked ? 'border-brand-600 bg-brand-50 ring-1 ring-brand-600 dark:border-blue-400 dark:bg-blue-950/40 dark:ring-blue-400' : 'border-zinc-200 bg-white hover:border-zinc-400 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:border-zinc-600'
              } ${disabled ? 'cursor-not-allowed opacity-50' : ''}`}
            >
              <input type="radio" name="category" value={c} checked={checked} disabled={disabled} onChange={() => onChange(c)} className="sr-only" />
              <span className="flex items-center gap-2">
                <Badge tone={CATEGORY_TONES[c]}>{c}</Badge>
                <span className="text-sm font-semibold">{t.title}</span>
              </span>
              <span className="mt-2 block text-sm text-zinc-600 dark:text-zinc-400">{t.explanation}</span>
              <span className="mt-2 block text-xs text-zinc-500 dark:text-zinc-400">
                Key metrics: {t.metrics.map((m) => m.label).join('; ')}
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

// ---------------------------------------------------------------------------------------------
// Security
// ---------------------------------------------------------------------------------------------

function defaultInjection(kind: Injection['kind'], ds: ScenarioDatasetSummary): Injection {
  const [a, b] = ds.classNames;
  if (kind === 'labelFlip') return { kind, fromClass: a, toClass: b ?? a, fraction: 0.1 };
  if (kind === 'randomLabelFlip') return { kind, fraction: 0.1 };
  const fromTemplate = scenarioTemplates.security.defaultSpec(templateInfo(ds));
  if (fromTemplate.category === 'security' && fromTemplate.injection.kind === 'backdoor') return fromTemplate.injection;
  const feature = ds.columns.find((c) => c.source === 'feature');
  const value = feature?.type === 'categorical' ? (feature.categories?.[0] ?? '') : 0;
  return { kind: 'backdoor', targetClass: a, trigger: { kind: 'features', values: [{ column: feature?.name ?? '', value }] }, poison: { by: 'fraction', fraction: 0.05 } };
}

function TriggerEditor({ injection, onChange, ds }: { injection: Extract<Injection, { kind: 'backdoor' }>; onChange: (i: Injection) => void; ds: ScenarioDatasetSummary }) {
  const trigger = injection.trigger;
  const error = useErrorWhere((f) => f === 'injection.trigger' || f === 'injection.trigger.kind' || f === 'injection.trigger.values');
  if (trigger.kind === 'patch') {
    const set = (k: 'size' | 'row' | 'col' | 'value', v: number) => onChange({ ...injection, trigger: { ...trigger, [k]: v } });
    const shape = ds.imageShape;
    return (
      <fieldset className="space-y-2">
        <legend className="text-xs font-medium">Trigger: a square patch stamped on the image</legend>
        <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
          <NumberField label="Patch size (px)" value={trigger.size} onChange={(v) => set('size', v)} path="injection.trigger.size" />
          <NumberField label="Top row" value={trigger.row} onChange={(v) => set('row', v)} path="injection.trigger.row" />
          <NumberField label="Left column" value={trigger.col} onChange={(v) => set('col', v)} path="injection.trigger.col" />
          <NumberField label="Pixel value (0-255)" value={trigger.value} onChange={(v) => set('value', v)} path="injection.trigger.value" />
        </div>
        {shape ? (
          <p className="text-xs text-zinc-500">
            Images are {shape.height}×{shape.width} px; rows and columns count from 0 at the top left.
          </p>
        ) : null}
        <ErrorText message={error} />
      </fieldset>
    );
  }
  const features = ds.columns.filter((c) => c.source === 'feature');
  const setCell = (i: number, cell: { column: string; value: number | string }) => onChange({ ...injection, trigger: { kind: 'features', values: trigger.values.map((c, j) => (j === i ? cell : c)) } });
  return (
    <fieldset className="space-y-2">
      <legend className="text-xs font-medium">Trigger: feature columns set to fixed values</legend>
      <ul className="space-y-2">
        {trigger.values.map((cell, i) => {
          const column = features.find((c) => c.name === cell.column);
          return (
            <li key={i} className="grid items-end gap-2 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto]">
              <SelectField
                label={`Trigger column ${i + 1}`}
                value={cell.column}
                path={`injection.trigger.values[${i}].column`}
                options={features.map((c) => ({ value: c.name, label: c.name }))}
                onChange={(name) => {
                  const next = features.find((c) => c.name === name);
                  setCell(i, { column: name, value: next?.type === 'categorical' ? (next.categories?.[0] ?? '') : 0 });
                }}
              />
              {column?.type === 'categorical' ? (
                <SelectField
                  label="Set to"
                  value={String(cell.value)}
                  path={`injection.trigger.values[${i}].value`}
                  options={(column.categories ?? []).map((c) => ({ value: c, label: c }))}
                  onChange={(v) => setCell(i, { ...cell, value: v })}
                />
              ) : (
                <NumberField label="Set to" value={typeof cell.value === 'number' ? cell.value : Number.NaN} path={`injection.trigger.values[${i}].value`} onChange={(v) => setCell(i, { ...cell, value: v })} />
              )}
              <button
                type="button"
                className={buttonClass('danger', 'sm')}
                aria-label={`Remove trigger column ${i + 1}`}
                disabled={trigger.values.length === 1}
                onClick={() => onChange({ ...injection, trigger: { kind: 'features', values: trigger.values.filter((_, j) => j !== i) } })}
              >
                Remove
              </button>
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        className={buttonClass('secondary', 'sm')}
        onClick={() => {
          const unused = features.find((c) => !trigger.values.some((v) => v.column === c.name)) ?? features[0];
          onChange({ ...injection, trigger: { kind: 'features', values: [...trigger.values, { column: unused.name, value: unused.type === 'categorical' ? (unused.categories?.[0] ?? '') : 0 }] } });
        }}
      >
        + Trigger column
      </button>
      <ErrorText message={error} />
    </fieldset>
  );
}

function SecurityPanel({ draft, setDraft, ctx }: { draft: SpecDraft; setDraft: (d: SpecDraft) => void; ctx: EditorContext }) {
  const { ds } = ctx;
  const injection = draft.injection ?? defaultInjection('labelFlip', ds);
  const setInjection = (i: Injection) => setDraft({ ...draft, injection: i });
  const classOptions = ds.classNames.map((c) => ({ value: c, label: c }));
  const injectionError = useErrorWhere((f) => f === 'injection' || f === 'injection.kind' || f === 'injection.poison' || f === 'injection.poison.by');
  return (
    <div className="space-y-4">
      <Segmented
        legend="Kind of poison"
        name="injection-kind"
        value={injection.kind}
        onChange={(k) => setInjection(defaultInjection(k, ds))}
        options={[
          { value: 'labelFlip', label: 'Label flip' },
          { value: 'randomLabelFlip', label: 'Random label flips' },
          { value: 'backdoor', label: 'Backdoor' },
        ]}
      />
      <ErrorText message={injectionError} />
      {injection.kind === 'labelFlip' ? (
        <div className="grid gap-3 sm:grid-cols-3">
          <SelectField label="From class" value={injection.fromClass} options={classOptions} path="injection.fromClass" onChange={(v) => setInjection({ ...injection, fromClass: v })} />
          <SelectField label="To class" value={injection.toClass} options={classOptions} path="injection.toClass" onChange={(v) => setInjection({ ...injection, toClass: v })} />
          <NumberField percent label="Share flipped" value={injection.fraction} path="injection.fraction" hint="of the from-class's training rows" onChange={(v) => setInjection({ ...injection, fraction: v })} />
        </div>
      ) : null}
      {injection.kind === 'randomLabelFlip' ? (
        <NumberField percent label="Share flipped" value={injection.fraction} path="injection.fraction" hint="of all training rows, each to a random other class" onChange={(v) => setInjection({ ...injection, fraction: v })} className="max-w-48" />
      ) : null}
      {injection.kind === 'backdoor' ? (
        <div className="space-y-3">
          <SelectField label="Target class (what the trigger makes the model predict)" value={injection.targetClass} options={classOptions} path="injection.targetClass" onChange={(v) => setInjection({ ...injection, targetClass: v })} className="max-w-sm" />
          <TriggerEditor injection={injection} onChange={setInjection} ds={ds} />
          <div className="flex flex-wrap items-end gap-3">
            <Segmented
              legend="Amount of poison"
              name="poison-by"
              value={injection.poison.by}
              onChange={(by) => setInjection({ ...injection, poison: by === 'fraction' ? { by, fraction: 0.05 } : { by, count: 20 } })}
              options={[
                { value: 'fraction', label: 'Share' },
                { value: 'count', label: 'Count' },
              ]}
            />
            {injection.poison.by === 'fraction' ? (
              <NumberField percent label="Poisoned share" value={injection.poison.fraction} path="injection.poison.fraction" onChange={(v) => setInjection({ ...injection, poison: { by: 'fraction', fraction: v } })} className="w-40" />
            ) : (
              <NumberField label="Poisoned rows" value={injection.poison.count} path="injection.poison.count" onChange={(v) => setInjection({ ...injection, poison: { by: 'count', count: v } })} className="w-40" />
            )}
          </div>
          <p className="text-xs text-zinc-500">Rows of the other classes get the trigger and the target label; rows of the target class are never poisoned.</p>
        </div>
      ) : null}
      <NumberField
        percent
        label="Identified share of the poison"
        value={draft.identifiedFraction ?? 1}
        path="identifiedFraction"
        onChange={(v) => setDraft({ ...draft, identifiedFraction: v })}
        hint="Only the identified poison is the forget set; the rest stays in the training data (corrective unlearning)."
        className="max-w-md"
      />
      <div className="space-y-2">
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={draft.selector !== undefined} onChange={(e) => setDraft({ ...draft, selector: e.target.checked ? defaultPredicateSelector(ctx) : undefined })} />
          Only poison training rows that match conditions
        </label>
        {draft.selector !== undefined ? <SelectorEditor value={draft.selector} onChange={(selector) => setDraft({ ...draft, selector })} path="selector" ctx={ctx} nested /> : null}
      </div>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Privacy, usability, fidelity: which rows
// ---------------------------------------------------------------------------------------------

type Mode = 'subjects' | 'randomSubjects' | 'randomFraction' | 'rowIds' | 'class' | 'conditions';

const MODE_LABEL: Record<Mode, string> = {
  subjects: 'Choose subjects',
  randomSubjects: 'Random subjects',
  randomFraction: 'Random share of rows',
  rowIds: 'Row ids',
  class: 'Whole classes',
  conditions: 'Conditions',
};

function modesFor(category: ScenarioCategory, ds: ScenarioDatasetSummary): Mode[] {
  const subjectModes: Mode[] = ds.subjects ? ['subjects', 'randomSubjects'] : [];
  if (category === 'privacy') return [...subjectModes, 'randomFraction', 'rowIds', 'conditions'];
  if (category === 'usability') return ['class', 'conditions', 'rowIds', 'randomFraction'];
  return ['conditions', 'class', 'randomFraction', 'rowIds'];
}

function modeOf(selector: Selector | undefined): Mode {
  switch (selector?.kind) {
    case 'subjects':
    case 'randomSubjects':
    case 'randomFraction':
    case 'rowIds':
      return selector.kind;
    case 'class':
      return 'class';
    default:
      return 'conditions';
  }
}

function selectorForMode(mode: Mode, ctx: EditorContext): Selector {
  switch (mode) {
    case 'subjects':
      return { kind: 'subjects', subjectIds: [] };
    case 'randomSubjects':
      return { kind: 'randomSubjects', count: Math.max(1, Math.min(5, Math.floor((ctx.ds.subjects?.count ?? 2) / 2))) };
    case 'randomFraction':
      return { kind: 'randomFraction', fraction: 0.1 };
    case 'rowIds':
      return { kind: 'rowIds', rowIds: [] };
    case 'class':
      return { kind: 'class', classes: [ctx.ds.classNames[0]] };
    case 'conditions':
      return { kind: 'all', selectors: [defaultPredicateSelector(ctx)] };
  }
}

function SelectionPanel({ draft, setDraft, ctx }: { draft: SpecDraft; setDraft: (d: SpecDraft) => void; ctx: EditorContext }) {
  const modes = modesFor(draft.category, ctx.ds);
  const current = modeOf(draft.selector);
  const mode = modes.includes(current) ? current : 'conditions';
  const setSelector = (selector: Selector | undefined) => setDraft({ ...draft, selector });
  const rootError = useErrorWhere((f) => (mode === 'randomSubjects' || mode === 'randomFraction') && (f === 'selector' || f === 'selector.kind'));
  const s = draft.selector;
  return (
    <div className="space-y-4">
      <Segmented legend="Select rows by" name="selection-mode" value={mode} onChange={(m) => setSelector(selectorForMode(m, ctx))} options={modes.map((m) => ({ value: m, label: MODE_LABEL[m] }))} />
      {mode === 'subjects' && s?.kind === 'subjects' ? <SubjectPicker ds={ctx.ds} ids={s.subjectIds} onChange={(subjectIds) => setSelector({ kind: 'subjects', subjectIds })} path="selector" /> : null}
      {mode === 'class' && s?.kind === 'class' ? <ClassPicker ds={ctx.ds} classes={s.classes} onChange={(classes) => setSelector({ kind: 'class', classes })} path="selector" legend="Forget every training row of these classes" /> : null}
      {mode === 'rowIds' && s?.kind === 'rowIds' ? <RowIdsInput rowIds={s.rowIds} onChange={(rowIds) => setSelector({ kind: 'rowIds', rowIds })} path="selector" /> : null}
      {(mode === 'randomSubjects' || mode === 'randomFraction') && s ? <LeafEditor value={s} onChange={setSelector} path="selector" ctx={ctx} /> : null}
      {mode === 'conditions' ? (
        <>
          <p className="text-xs text-zinc-500">
            Conditions act on training rows only: the test split is never forgotten. Columns include {ctx.preferSensitive ? 'the sensitive attributes, ' : ''}the features, the class label
            {ctx.ds.subjects ? ' and the subject id' : ''}.
          </p>
          <SelectorEditor value={s} onChange={setSelector} path="selector" ctx={ctx} />
        </>
      ) : null}
      <ErrorText message={rootError} />
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Requests and seed
// ---------------------------------------------------------------------------------------------

function RequestsPanel({ requests, onChange }: { requests: Requests; onChange: (r: Requests) => void }) {
  const error = useErrorWhere((f) => f === 'requests' || f === 'requests.kind' || f === 'requests.fractions');
  return (
    <div className="space-y-3">
      <Segmented
        legend="Deletion requests"
        name="requests-kind"
        value={requests.kind}
        onChange={(kind) => onChange(kind === 'none' ? { kind } : kind === 'slices' ? { kind, count: 4 } : { kind, fractions: [0.01, 0.05, 0.1, 0.2] })}
        options={[
          { value: 'none', label: 'One request' },
          { value: 'slices', label: 'k equal slices' },
          { value: 'growing', label: 'Growing fractions' },
        ]}
      />
      {requests.kind === 'none' ? <p className="text-xs text-zinc-500">The whole forget set is deleted at once.</p> : null}
      {requests.kind === 'slices' ? (
        <NumberField label="Number of requests" value={requests.count} path="requests.count" onChange={(count) => onChange({ kind: 'slices', count })} hint="The forget set in a seeded order, cut into equal slices; request i deletes slices 1..i." className="max-w-md" />
      ) : null}
      {requests.kind === 'growing' ? (
        <div className="space-y-2">
          <p className="text-xs text-zinc-500">Cumulative shares of the forget set, strictly increasing; each request contains the previous one.</p>
          <ol className="flex flex-wrap gap-2">
            {requests.fractions.map((f, i) => (
              <li key={i} className="flex items-end gap-1">
                <NumberField percent label={`Request ${i + 1}`} value={f} path={`requests.fractions[${i}]`} onChange={(v) => onChange({ kind: 'growing', fractions: requests.fractions.map((x, j) => (j === i ? v : x)) })} className="w-28" />
                <button
                  type="button"
                  aria-label={`Remove request ${i + 1}`}
                  disabled={requests.fractions.length === 1}
                  className={buttonClass('secondary', 'sm')}
                  onClick={() => onChange({ kind: 'growing', fractions: requests.fractions.filter((_, j) => j !== i) })}
                >
                  ×
                </button>
              </li>
            ))}
          </ol>
          <button
            type="button"
            className={buttonClass('secondary', 'sm')}
            onClick={() => {
              const last = requests.fractions[requests.fractions.length - 1] ?? 0;
              onChange({ kind: 'growing', fractions: [...requests.fractions, Math.min(1, Number.isFinite(last) ? Math.round(Math.min(1, last * 2) * 1000) / 1000 : 1)] });
            }}
          >
            + Request
          </button>
        </div>
      ) : null}
      <ErrorText message={error} />
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// The builder
// ---------------------------------------------------------------------------------------------

export interface ScenarioBuilderProps {
  ds: ScenarioDatasetSummary;
  /** Editing a saved scenario: PATCH instead of POST. */
  edit?: { scenarioId: string; locked: boolean; name: string; description: string; draft: SpecDraft };
}

type PreviewState = { status: 'idle' } | { status: 'loading'; last?: ClientPreview } | { status: 'ok'; preview: ClientPreview } | { status: 'error'; error: FieldErrorState };

export function ScenarioBuilder({ ds, edit }: ScenarioBuilderProps) {
  const router = useRouter();
  const id = useId();
  const [draft, setDraftState] = useState<SpecDraft | null>(edit?.draft ?? null);
  const [name, setName] = useState(edit?.name ?? '');
  const [description, setDescription] = useState(edit?.description ?? '');
  const [preview, setPreview] = useState<PreviewState>({ status: 'idle' });
  const [saveError, setSaveError] = useState<FieldErrorState | null>(null);
  const [saving, setSaving] = useState(false);

  const setDraft = (d: SpecDraft) => {
    setDraftState(d);
    // A save error was about the old spec; the preview will judge the new one.
    setSaveError(null);
  };

  const chooseCategory = (category: ScenarioCategory) => {
    if (draft?.category === category) return;
    const spec = scenarioTemplates[category].defaultSpec(templateInfo(ds), draft?.seed ?? 0);
    setDraft({
      category,
      seed: spec.seed,
      selector: spec.selector,
      injection: spec.category === 'security' ? spec.injection : undefined,
      identifiedFraction: spec.category === 'security' ? spec.identifiedFraction : undefined,
      requests: spec.requests,
    });
    if (!name.trim()) setName(scenarioTemplates[category].title.split(':')[0] + ` scenario on ${ds.datasetName}`);
  };

  const body = useMemo(() => (draft ? { ...specBody(draft), version: ds.version } : null), [draft, ds.version]);
  const bodyKey = body ? JSON.stringify(body) : '';

  useEffect(() => {
    if (!bodyKey) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setPreview((p) => ({ status: 'loading', last: p.status === 'ok' ? p.preview : p.status === 'loading' ? p.last : undefined }));
      try {
        const result = await callApi<ClientPreview>(`/api/v1/datasets/${ds.datasetId}/scenarios/preview`, 'POST', JSON.parse(bodyKey), controller.signal);
        setPreview(result.ok ? { status: 'ok', preview: result.data } : { status: 'error', error: toFieldError(result.error) });
      } catch (err) {
        if ((err as Error).name === 'AbortError') return;
        setPreview({ status: 'error', error: { message: 'The preview could not be loaded (network error). It retries on the next change.' } });
      }
    }, PREVIEW_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [bodyKey, ds.datasetId]);

  const error: FieldErrorState | null = saveError ?? (preview.status === 'error' ? preview.error : null);
  const ctx: EditorContext = { ds, preferSensitive: draft?.category === 'fidelity' };

  const save = async () => {
    if (!draft || !body) return;
    if (!name.trim()) {
      setSaveError({ field: 'name', message: 'Name the scenario.' });
      return;
    }
    setSaving(true);
    setSaveError(null);
    const payload = { ...body, name: name.trim(), description };
    try {
      if (edit) {
        const result = await callApi<{ id: string; createdNew: boolean }>(`/api/v1/scenarios/${edit.scenarioId}`, 'PATCH', payload);
        if (!result.ok) return setSaveError(toFieldError(result.error));
        const notice = result.data.createdNew ? `?notice=copied&from=${edit.scenarioId}` : '?notice=saved';
        router.push(`/teams/${ds.teamId}/scenarios/${result.data.id}${notice}`);
      } else {
        const result = await callApi<{ id: string }>(`/api/v1/datasets/${ds.datasetId}/scenarios`, 'POST', payload);
        if (!result.ok) return setSaveError(toFieldError(result.error));
        router.push(`/teams/${ds.teamId}/scenarios/${result.data.id}?notice=created`);
      }
    } catch {
      setSaveError({ message: 'Saving failed (network error). Try again.' });
    } finally {
      setSaving(false);
    }
  };

  const refused = preview.status === 'error';
  const unmapped = error && draft && !builderShowsField(error.field, draft) ? error : null;
  const shown = preview.status === 'ok' ? preview.preview : preview.status === 'loading' ? preview.last : undefined;

  return (
    <ScenarioErrorContext.Provider value={error}>
      <div className="space-y-8">
        <CategoryCards value={draft?.category ?? null} onChange={chooseCategory} lockedTo={edit?.draft.category} />

        {draft ? (
          <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
            <form
              className="space-y-6"
              aria-labelledby={`${id}-form-title`}
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                void save();
              }}
            >
              <h2 id={`${id}-form-title`} className="text-base font-semibold">
                2. Define the {draft.category} scenario
              </h2>
              {edit?.locked ? (
                <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
                  A study uses this scenario, so it cannot change: saving creates a new scenario with your edits and leaves the original as the study saw it.
                </p>
              ) : null}
              <section className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900" aria-label="Which rows">
                <h3 className="text-sm font-semibold">{draft.category === 'security' ? 'Poison to inject and remove' : 'Rows to forget'}</h3>
                {draft.category === 'security' ? <SecurityPanel draft={draft} setDraft={setDraft} ctx={ctx} /> : <SelectionPanel draft={draft} setDraft={setDraft} ctx={ctx} />}
              </section>
              <section className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900" aria-label="Requests and seed">
                <RequestsPanel requests={draft.requests} onChange={(requests) => setDraft({ ...draft, requests })} />
                <div className="flex flex-wrap items-end gap-2">
                  <NumberField label="Seed" value={draft.seed} path="seed" onChange={(seed) => setDraft({ ...draft, seed })} className="w-64" hint="Every random choice uses it." testId="seed" />
                  <button type="button" className={`${buttonClass('secondary', 'sm')} mb-5`} onClick={() => setDraft({ ...draft, seed: Math.floor(Math.random() * 0xffffffff) })}>
                    New seed
                  </button>
                </div>
              </section>
              <section className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900" aria-label="Name and description">
                <NameFields name={name} setName={setName} description={description} setDescription={setDescription} clearError={() => setSaveError(null)} />
              </section>
              <details className="text-xs">
                <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">Spec as JSON (what is sent to the API)</summary>
                <pre className="mt-2 max-h-80 overflow-auto rounded-md bg-zinc-100 p-3 dark:bg-zinc-800">{JSON.stringify(body, null, 2)}</pre>
              </details>
              <div className="flex flex-wrap items-center gap-3">
                <button type="submit" className={buttonClass('primary')} disabled={saving || refused} aria-describedby={refused ? `${id}-refused` : undefined}>
                  {saving ? 'Saving…' : edit ? (edit.locked ? 'Save as new scenario' : 'Save changes') : 'Save scenario'}
                </button>
                <Link href={edit ? `/teams/${ds.teamId}/scenarios/${edit.scenarioId}` : `/teams/${ds.teamId}/datasets/${ds.datasetId}/scenarios`} className={buttonClass('secondary')}>
                  Cancel
                </Link>
                {refused ? (
                  <p id={`${id}-refused`} className="text-sm text-red-700 dark:text-red-400" data-testid="save-refused">
                    Fix the problem marked above to save.
                  </p>
                ) : null}
              </div>
              {saveError && !builderShowsField(saveError.field, draft) ? (
                <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
                  {saveError.message}
                </p>
              ) : null}
            </form>

            <aside aria-labelledby={`${id}-preview-title`} className="lg:sticky lg:top-4 lg:self-start" data-testid="preview-panel">
              <div className="rounded-lg border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
                <div className="mb-3 flex items-center justify-between gap-2">
                  <h2 id={`${id}-preview-title`} className="text-base font-semibold">
                    Live preview
                  </h2>
                  <span className="text-xs text-zinc-500" role="status" aria-live="polite">
                    {preview.status === 'loading' ? 'Updating…' : preview.status === 'ok' ? `${ds.datasetName}, version ${ds.version}` : ''}
                  </span>
                </div>
                {unmapped ? (
                  <p role="alert" className="mb-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300" data-testid="preview-error">
                    {unmapped.message}
                  </p>
                ) : null}
                {preview.status === 'error' && !unmapped ? (
                  <p className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200" data-testid="preview-blocked">
                    No preview: the scenario as defined is refused. The problem is marked next to its field.
                  </p>
                ) : null}
                {shown && preview.status !== 'error' ? (
                  <div className={preview.status === 'loading' ? 'opacity-60 transition-opacity' : ''}>
                    <ScenarioSummary preview={shown} />
                  </div>
                ) : preview.status !== 'error' ? (
                  <p className="text-sm text-zinc-500">Computing the forget set…</p>
                ) : null}
              </div>
            </aside>
          </div>
        ) : (
          <p className="text-sm text-zinc-500">Choose a category to start: it fills in a sensible first version you can then change.</p>
        )}
      </div>
    </ScenarioErrorContext.Provider>
  );
}

function NameFields({ name, setName, description, setDescription, clearError }: { name: string; setName: (v: string) => void; description: string; setDescription: (v: string) => void; clearError: () => void }) {
  const id = useId();
  const nameError = useErrorWithin('name');
  const descriptionError = useErrorWithin('description');
  return (
    <>
      <div>
        <label htmlFor={`${id}-name`} className="block text-xs font-medium">
          Name
        </label>
        <input
          id={`${id}-name`}
          value={name}
          maxLength={120}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? `${id}-name-error` : undefined}
          onChange={(e) => {
            setName(e.target.value);
            clearError();
          }}
          className={`mt-1 ${inputClass(!!nameError)}`}
        />
        <ErrorText id={`${id}-name-error`} message={nameError} />
      </div>
      <div>
        <label htmlFor={`${id}-description`} className="block text-xs font-medium">
          Description (optional)
        </label>
        <textarea id={`${id}-description`} rows={3} value={description} onChange={(e) => setDescription(e.target.value)} className={`mt-1 ${inputClass(!!descriptionError)}`} />
        <ErrorText message={descriptionError} />
      </div>
    </>
  );
}
