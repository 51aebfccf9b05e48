'use client';
/**
 * The "New study" form: model spec, training recipe, seeds and the methods to compare (their
 * hyperparameter fields generated from each method's JSON schema). As inputs change, a debounced
 * dry run (`POST …/studies/plan`) shows what the study will create and how long it should take,
 * or the server's validation error next to the field it names. Launch posts the same body.
 *
 * Numeric inputs are kept as the typed strings (so "0." or an empty box can be edited) and turned
 * into numbers only when the body is built; anything unparsable is sent as null so the server's
 * schema names the field, rather than the form guessing a value.
 */
import { useRouter } from 'next/navigation';
import { useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { Field } from './form-field';
import type { ModelSpec } from '@/lib/ml/model-spec';
import type { StudyRecipe } from '@/lib/studies/defaults';
import type { StudyPlanSummary } from '@/lib/studies/service';
import type { MethodCatalogueEntry } from '@/lib/unlearning/registry';
import { fieldErrorsOf, type ApiErrorBody } from './progress-request';
import { CATEGORY_TONES, formatCount } from './scenario-model';
import { formatEstimate } from './study-format';
import { Badge, buttonClass, Card } from './ui';
import type { ScenarioCategory } from '@/lib/scenarios/spec';

export interface StudyFormScenario {
  id: string;
  name: string;
  category: ScenarioCategory;
  datasetId: string;
  datasetName: string;
  datasetVersion: number;
  forgetCount: number;
  trainCount: number;
}

export interface StudyFormDataset {
  kind: string;
  rows: number;
  trainRows: number;
  testRows: number;
  numClasses: number;
  inputShape: number[];
}

type Activation = 'relu' | 'tanh' | 'elu' | 'sigmoid';
const ACTIVATIONS: Activation[] = ['relu', 'tanh', 'elu', 'sigmoid'];
type SpecKind = ModelSpec['kind'];

interface BlockState {
  filters: string;
  kernelSize: string;
  activation: Activation;
  padding: 'valid' | 'same';
  pooling: 'max' | 'avg' | 'none';
  poolSize: string;
}

interface SpecState {
  kind: SpecKind;
  hidden: string;
  activation: Activation;
  dropout: string;
  blocks: BlockState[];
  dense: string;
  denseActivation: Activation;
  cnnDropout: string;
}

type OptimizerKind = 'sgd' | 'momentum' | 'adam';
type ScheduleKind = 'constant' | 'step' | 'cosine';

interface RecipeState {
  epochs: string;
  batchSize: string;
  optimizer: OptimizerKind;
  learningRate: string;
  momentum: string;
  weightDecay: string;
  schedule: ScheduleKind;
  everyEpochs: string;
  gamma: string;
  minLearningRate: string;
}

interface JsonSchemaProperty {
  type?: string;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  description?: string;
}

type ConfigValue = string | boolean;

/** `methods` is the method order of the request that failed: server field paths index into it. */
type PlanState = { status: 'idle' } | { status: 'loading'; last?: StudyPlanSummary } | { status: 'ok'; plan: StudyPlanSummary } | { status: 'error'; error: ApiErrorBody; methods: string[] };

interface LaunchError {
  error: ApiErrorBody;
  methods: string[];
}

function numberOrNull(text: string): number | null {
  const t = text.trim();
  if (!t) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

function listOf(text: string): Array<number | null> {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(numberOrNull);
}

const str = (n: number | undefined, fallback: string) => (n === undefined ? fallback : String(n));

function initialSpec(spec: ModelSpec, image: boolean, inputShape: number[]): SpecState {
  // Small images (8x8) fit one conv block, larger ones the usual two.
  const small = image && Math.min(inputShape[0] ?? 0, inputShape[1] ?? 0) < 16;
  const block = (filters: number): BlockState => ({ filters: String(filters), kernelSize: '3', activation: 'relu', padding: 'valid', pooling: 'max', poolSize: '2' });
  const base: SpecState = {
    kind: spec.kind,
    hidden: '64',
    activation: 'relu',
    dropout: '0',
    blocks: small ? [block(16)] : [block(16), block(32)],
    dense: '',
    denseActivation: 'relu',
    cnnDropout: '0',
  };
  if (spec.kind === 'mlp') return { ...base, hidden: spec.hidden.join(', '), activation: spec.activation, dropout: String(spec.dropout) };
  if (spec.kind === 'cnn') {
    return {
      ...base,
      blocks: spec.blocks.map((b) => ({ filters: String(b.filters), kernelSize: String(b.kernelSize), activation: b.activation, padding: b.padding, pooling: b.pooling, poolSize: String(b.poolSize) })),
      dense: spec.dense.join(', '),
      denseActivation: spec.denseActivation,
      cnnDropout: String(spec.dropout),
    };
  }
  return base;
}

function initialRecipe(recipe: StudyRecipe): RecipeState {
  const opt = recipe.optimizer;
  const sched = recipe.schedule ?? { kind: 'constant' as const };
  return {
    epochs: String(recipe.epochs),
    batchSize: String(recipe.batchSize),
    optimizer: opt.kind,
    learningRate: String(opt.learningRate),
    momentum: opt.kind === 'momentum' ? str(opt.momentum, '0.9') : '0.9',
    weightDecay: String(recipe.weightDecay ?? 0),
    schedule: sched.kind,
    everyEpochs: sched.kind === 'step' ? String(sched.everyEpochs) : '2',
    gamma: sched.kind === 'step' ? String(sched.gamma) : '0.5',
    minLearningRate: sched.kind === 'cosine' ? str(sched.minLearningRate, '0') : '0',
  };
}

function buildSpec(s: SpecState): unknown {
  if (s.kind === 'logistic') return { kind: 'logistic' };
  if (s.kind === 'mlp') return { kind: 'mlp', hidden: listOf(s.hidden), activation: s.activation, dropout: numberOrNull(s.dropout) };
  return {
    kind: 'cnn',
    blocks: s.blocks.map((b) => ({
      filters: numberOrNull(b.filters),
      kernelSize: numberOrNull(b.kernelSize),
      activation: b.activation,
      padding: b.padding,
      pooling: b.pooling,
      poolSize: numberOrNull(b.poolSize),
    })),
    dense: listOf(s.dense),
    denseActivation: s.denseActivation,
    dropout: numberOrNull(s.cnnDropout),
  };
}

function buildRecipe(r: RecipeState): unknown {
  const lr = numberOrNull(r.learningRate);
  const optimizer = r.optimizer === 'momentum' ? { kind: 'momentum', learningRate: lr, momentum: numberOrNull(r.momentum) } : { kind: r.optimizer, learningRate: lr };
  const schedule =
    r.schedule === 'step'
      ? { kind: 'step', everyEpochs: numberOrNull(r.everyEpochs), gamma: numberOrNull(r.gamma) }
      : r.schedule === 'cosine'
        ? { kind: 'cosine', minLearningRate: numberOrNull(r.minLearningRate) }
        : { kind: 'constant' };
  return { epochs: numberOrNull(r.epochs), batchSize: numberOrNull(r.batchSize), optimizer, weightDecay: numberOrNull(r.weightDecay), schedule };
}

function propertiesOf(m: MethodCatalogueEntry): Array<[string, JsonSchemaProperty]> {
  const props = (m.configJsonSchema.properties ?? {}) as Record<string, JsonSchemaProperty>;
  return Object.entries(props);
}

function initialConfig(m: MethodCatalogueEntry): Record<string, ConfigValue> {
  const out: Record<string, ConfigValue> = {};
  for (const [key, p] of propertiesOf(m)) {
    const value = m.defaults[key] ?? p.default;
    if (p.type === 'boolean') out[key] = value === true;
    else out[key] = value === undefined || value === null ? '' : String(value);
  }
  return out;
}

function buildConfig(m: MethodCatalogueEntry, values: Record<string, ConfigValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, p] of propertiesOf(m)) {
    const v = values[key];
    if (p.type === 'boolean') out[key] = v === true;
    else if (p.enum) {
      // An enum left at "(default)" is omitted so the method's own default applies.
      if (typeof v === 'string' && v !== '') out[key] = v;
    } else if (p.type === 'integer' || p.type === 'number') out[key] = numberOrNull(String(v ?? ''));
    else if (typeof v === 'string' && v !== '') out[key] = v;
  }
  return out;
}

/** "≥ 1, ≤ 100": the bounds the server will enforce, from the schema. */
function boundsText(p: JsonSchemaProperty): string {
  const parts: string[] = [];
  if (p.minimum !== undefined) parts.push(`≥ ${p.minimum}`);
  if (p.exclusiveMinimum !== undefined) parts.push(`> ${p.exclusiveMinimum}`);
  if (p.maximum !== undefined && p.maximum < Number.MAX_SAFE_INTEGER) parts.push(`≤ ${p.maximum}`);
  if (p.exclusiveMaximum !== undefined) parts.push(`< ${p.exclusiveMaximum}`);
  return parts.join(', ');
}

/** Server field paths → this form's field keys (list items collapse onto their list's box). */
function formKey(field: string, sentMethods: string[]): string {
  const method = /^methods\.(\d+)(?:\.(.*))?$/.exec(field);
  if (method) {
    const id = sentMethods[Number(method[1])] ?? 'unknown';
    const rest = method[2] ?? '';
    return rest.startsWith('config.') ? `method:${id}:${rest.slice('config.'.length).split('.')[0]}` : `method:${id}`;
  }
  const list = /^modelSpec\.(hidden|dense)\.\d+$/.exec(field);
  if (list) return `modelSpec.${list[1]}`;
  return field;
}

function errorsByKey(error: ApiErrorBody, sentMethods: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(fieldErrorsOf(error))) {
    // The service prefixes messages with their field path; the box already says which field.
    const clean = message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
    out[formKey(field, sentMethods)] ??= clean;
  }
  return out;
}

const inputClass = (error?: string) =>
  `mt-1 block w-full rounded-md border bg-white px-2.5 py-1.5 text-sm shadow-sm disabled:opacity-60 dark:bg-zinc-900 ${error ? 'border-red-500' : 'border-zinc-300 dark:border-zinc-700'}`;


function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

function TextInput({ label, value, onChange, error, hint, type = 'text', inputMode, min, max, step, disabled, testId }: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  hint?: ReactNode;
  type?: 'text' | 'number';
  inputMode?: 'decimal' | 'numeric';
  min?: number;
  max?: number;
  step?: string;
  disabled?: boolean;
  testId?: string;
}) {
  const id = useId();
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        type={type}
        inputMode={inputMode}
        min={min}
        max={max}
        step={step}
        value={value}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={!!error}
        aria-describedby={describedBy(id, hint, error)}
        className={inputClass(error)}
      />
    </Field>
  );
}

function SelectInput<T extends string>({ label, value, options, onChange, error, hint }: { label: string; value: T; options: Array<{ value: T; label: string }>; onChange: (v: T) => void; error?: string; hint?: ReactNode }) {
  const id = useId();
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as T)} aria-invalid={!!error} aria-describedby={describedBy(id, hint, error)} className={inputClass(error)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A segmented choice made of native radios (keyboard: arrow keys within the group). */
function Segmented<T extends string>({ legend, name, value, options, onChange }: { legend: string; name: string; value: T; options: Array<{ value: T; label: string; disabled?: string }>; onChange: (v: T) => void }) {
  return (
    <fieldset>
      <legend className="text-sm font-medium">{legend}</legend>
      <div className="mt-1 inline-flex flex-wrap overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700">
        {options.map((o) => (
          <label
            key={o.value}
            title={o.disabled}
            className={`cursor-pointer px-3 py-1.5 text-sm focus-within:outline-2 focus-within:outline-brand-500 has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-50 ${
              value === o.value ? 'bg-brand-600 text-white dark:bg-blue-600' : 'bg-white hover:bg-zinc-50 dark:bg-zinc-900 dark:hover:bg-zinc-800'
            }`}
          >
            <input type="radio" className="sr-only" name={name} value={o.value} checked={value === o.value} disabled={!!o.disabled} onChange={() => onChange(o.value)} />
            {o.label}
          </label>
        ))}
      </div>
      {options.some((o) => o.disabled) ? (
        <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
          {options
            .filter((o) => o.disabled)
            .map((o) => `${o.label}: ${o.disabled}`)
            .join(' ')}
        </p>
      ) : null}
    </fieldset>
  );
}

const SPEC_NAMES: Record<SpecKind, string> = { logistic: 'logistic regression', mlp: 'MLP', cnn: 'CNN' };

function ModelSpecEditor({ spec, setSpec, errors, image }: { spec: SpecState; setSpec: (s: SpecState) => void; errors: Record<string, string>; image: boolean }) {
  const activationOptions = ACTIVATIONS.map((a) => ({ value: a, label: a }));
  const setBlock = (i: number, patch: Partial<BlockState>) => setSpec({ ...spec, blocks: spec.blocks.map((b, j) => (j === i ? { ...b, ...patch } : b)) });
  return (
    <div className="space-y-4">
      <Segmented
        legend="Model"
        name="model-kind"
        value={spec.kind}
        onChange={(kind) => setSpec({ ...spec, kind })}
        options={[
          { value: 'logistic', label: 'Logistic' },
          { value: 'mlp', label: 'MLP' },
          { value: 'cnn', label: 'CNN', disabled: image ? undefined : 'needs image data.' },
        ]}
      />
      {errors.modelSpec ? (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          {errors.modelSpec}
        </p>
      ) : null}
      {spec.kind === 'logistic' ? <p className="text-sm text-zinc-600 dark:text-zinc-400">One linear layer and a softmax: fast, convex, and the only model certified removal supports.</p> : null}
      {spec.kind === 'mlp' ? (
        <div className="grid gap-3 sm:grid-cols-3">
          <TextInput label="Hidden layer sizes" value={spec.hidden} onChange={(hidden) => setSpec({ ...spec, hidden })} error={errors['modelSpec.hidden']} hint="Comma-separated, e.g. 64, 32 (1 to 8 layers)." />
          <SelectInput label="Activation" value={spec.activation} options={activationOptions} onChange={(activation) => setSpec({ ...spec, activation })} error={errors['modelSpec.activation']} />
          <TextInput label="Dropout" type="number" step="0.05" min={0} max={0.9} value={spec.dropout} onChange={(dropout) => setSpec({ ...spec, dropout })} error={errors['modelSpec.dropout']} hint="0 to 0.9, after each hidden layer." />
        </div>
      ) : null}
      {spec.kind === 'cnn' ? (
        <div className="space-y-3">
          {spec.blocks.map((b, i) => (
            <fieldset key={i} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
              <legend className="px-1 text-sm font-medium">Conv block {i + 1}</legend>
              <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
                <TextInput label="Filters" type="number" min={1} max={512} value={b.filters} onChange={(filters) => setBlock(i, { filters })} error={errors[`modelSpec.blocks.${i}.filters`]} />
                <TextInput label="Kernel" type="number" min={1} max={11} value={b.kernelSize} onChange={(kernelSize) => setBlock(i, { kernelSize })} error={errors[`modelSpec.blocks.${i}.kernelSize`]} />
                <SelectInput label="Activation" value={b.activation} options={activationOptions} onChange={(activation) => setBlock(i, { activation })} />
                <SelectInput
                  label="Padding"
                  value={b.padding}
                  options={[
                    { value: 'valid', label: 'valid' },
                    { value: 'same', label: 'same' },
                  ]}
                  onChange={(padding) => setBlock(i, { padding })}
                />
                <SelectInput
                  label="Pooling"
                  value={b.pooling}
                  options={[
                    { value: 'max', label: 'max' },
                    { value: 'avg', label: 'average' },
                    { value: 'none', label: 'none' },
                  ]}
                  onChange={(pooling) => setBlock(i, { pooling })}
                />
                <TextInput label="Pool size" type="number" min={2} max={4} value={b.poolSize} disabled={b.pooling === 'none'} onChange={(poolSize) => setBlock(i, { poolSize })} error={errors[`modelSpec.blocks.${i}.poolSize`]} />
              </div>
              {spec.blocks.length > 1 ? (
                <button type="button" className={`${buttonClass('secondary', 'sm')} mt-2`} onClick={() => setSpec({ ...spec, blocks: spec.blocks.filter((_, j) => j !== i) })}>
                  Remove block {i + 1}
                </button>
              ) : null}
            </fieldset>
          ))}
          {spec.blocks.length < 6 ? (
            <button type="button" className={buttonClass('secondary', 'sm')} onClick={() => setSpec({ ...spec, blocks: [...spec.blocks, { ...spec.blocks[spec.blocks.length - 1] }] })}>
              Add conv block
            </button>
          ) : null}
          <div className="grid gap-3 sm:grid-cols-3">
            <TextInput label="Dense head sizes" value={spec.dense} onChange={(dense) => setSpec({ ...spec, dense })} error={errors['modelSpec.dense']} hint="Hidden dense layers after the conv blocks, comma-separated; empty for none." />
            <SelectInput label="Dense activation" value={spec.denseActivation} options={activationOptions} onChange={(denseActivation) => setSpec({ ...spec, denseActivation })} />
            <TextInput label="Dropout" type="number" step="0.05" min={0} max={0.9} value={spec.cnnDropout} onChange={(cnnDropout) => setSpec({ ...spec, cnnDropout })} error={errors['modelSpec.dropout']} />
          </div>
        </div>
      ) : null}
    </div>
  );
}

function RecipeEditor({ recipe, setRecipe, errors }: { recipe: RecipeState; setRecipe: (r: RecipeState) => void; errors: Record<string, string> }) {
  const set = (patch: Partial<RecipeState>) => setRecipe({ ...recipe, ...patch });
  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
      <TextInput label="Epochs" type="number" min={1} max={1000} value={recipe.epochs} onChange={(epochs) => set({ epochs })} error={errors['recipe.epochs']} testId="recipe-epochs" />
      <TextInput label="Batch size" type="number" min={1} max={65536} value={recipe.batchSize} onChange={(batchSize) => set({ batchSize })} error={errors['recipe.batchSize']} />
      <SelectInput
        label="Optimizer"
        value={recipe.optimizer}
        options={[
          { value: 'sgd', label: 'SGD' },
          { value: 'momentum', label: 'SGD with momentum' },
          { value: 'adam', label: 'Adam' },
        ]}
        onChange={(optimizer) => set({ optimizer })}
        error={errors['recipe.optimizer.kind']}
      />
      <TextInput label="Learning rate" type="number" step="any" min={0} value={recipe.learningRate} onChange={(learningRate) => set({ learningRate })} error={errors['recipe.optimizer.learningRate'] ?? errors['recipe.optimizer']} />
      {recipe.optimizer === 'momentum' ? (
        <TextInput label="Momentum" type="number" step="0.01" min={0} max={0.999} value={recipe.momentum} onChange={(momentum) => set({ momentum })} error={errors['recipe.optimizer.momentum']} />
      ) : null}
      <TextInput label="Weight decay" type="number" step="any" min={0} value={recipe.weightDecay} onChange={(weightDecay) => set({ weightDecay })} error={errors['recipe.weightDecay']} hint="L2 penalty added to each gradient." />
      <SelectInput
        label="Learning-rate schedule"
        value={recipe.schedule}
        options={[
          { value: 'constant', label: 'constant' },
          { value: 'step', label: 'step decay' },
          { value: 'cosine', label: 'cosine decay' },
        ]}
        onChange={(schedule) => set({ schedule })}
        error={errors['recipe.schedule.kind'] ?? errors['recipe.schedule']}
      />
      {recipe.schedule === 'step' ? (
        <>
          <TextInput label="Decay every (epochs)" type="number" min={1} value={recipe.everyEpochs} onChange={(everyEpochs) => set({ everyEpochs })} error={errors['recipe.schedule.everyEpochs']} />
          <TextInput label="Decay factor" type="number" step="any" min={0} max={1} value={recipe.gamma} onChange={(gamma) => set({ gamma })} error={errors['recipe.schedule.gamma']} hint="Multiplies the rate, > 0 and ≤ 1." />
        </>
      ) : null}
      {recipe.schedule === 'cosine' ? (
        <TextInput label="Final learning rate" type="number" step="any" min={0} value={recipe.minLearningRate} onChange={(minLearningRate) => set({ minLearningRate })} error={errors['recipe.schedule.minLearningRate']} />
      ) : null}
    </div>
  );
}

function citationText(m: MethodCatalogueEntry): string {
  const c = m.citation;
  return `${c.authors} (${c.year}). ${c.title}. ${c.venue}.`;
}

function MethodConfigFields({ method, values, onChange, errors }: { method: MethodCatalogueEntry; values: Record<string, ConfigValue>; onChange: (key: string, v: ConfigValue) => void; errors: Record<string, string> }) {
  const props = propertiesOf(method);
  if (props.length === 0) return <p className="text-xs text-zinc-500">No hyperparameters.</p>;
  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
      {props.map(([key, p]) => {
        const error = errors[`method:${method.id}:${key}`];
        const label = `${method.name}: ${key}`;
        if (p.type === 'boolean') {
          return (
            <label key={key} className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={values[key] === true} onChange={(e) => onChange(key, e.target.checked)} aria-label={label} />
              {key}
            </label>
          );
        }
        if (p.enum) {
          return (
            <MethodSelect
              key={key}
              label={key}
              ariaLabel={label}
              value={String(values[key] ?? '')}
              options={p.enum.map(String)}
              hasDefault={p.default !== undefined || method.defaults[key] !== undefined}
              onChange={(v) => onChange(key, v)}
              error={error}
            />
          );
        }
        if (p.type === 'integer' || p.type === 'number') {
          return <MethodNumber key={key} label={key} ariaLabel={label} value={String(values[key] ?? '')} p={p} onChange={(v) => onChange(key, v)} error={error} />;
        }
        return null;
      })}
    </div>
  );
}

function MethodNumber({ label, ariaLabel, value, p, onChange, error }: { label: string; ariaLabel: string; value: string; p: JsonSchemaProperty; onChange: (v: string) => void; error?: string }) {
  const id = useId();
  const hint = [boundsText(p), p.default !== undefined ? `default ${String(p.default)}` : ''].filter(Boolean).join('; ');
  return (
    <Field id={id} label={label} hint={hint || undefined} error={error}>
      <input
        id={id}
        type="number"
        step={p.type === 'integer' ? 1 : 'any'}
        min={p.minimum}
        max={p.maximum !== undefined && p.maximum < Number.MAX_SAFE_INTEGER ? p.maximum : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-label={ariaLabel}
        aria-invalid={!!error}
        aria-describedby={describedBy(id, hint, error)}
        className={inputClass(error)}
      />
    </Field>
  );
}

function MethodSelect({ label, ariaLabel, value, options, hasDefault, onChange, error }: { label: string; ariaLabel: string; value: string; options: string[]; hasDefault: boolean; onChange: (v: string) => void; error?: string }) {
  const id = useId();
  return (
    <Field id={id} label={label} error={error}>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-label={ariaLabel} aria-invalid={!!error} aria-describedby={describedBy(id, undefined, error)} className={inputClass(error)}>
        {hasDefault ? null : <option value="">(method default)</option>}
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </Field>
  );
}

function MethodCard({
  method,
  selected,
  disabledReason,
  onToggle,
  values,
  onChange,
  errors,
}: {
  method: MethodCatalogueEntry;
  selected: boolean;
  disabledReason?: string;
  onToggle: (on: boolean) => void;
  values: Record<string, ConfigValue>;
  onChange: (key: string, v: ConfigValue) => void;
  errors: Record<string, string>;
}) {
  const fixed = method.id === 'retrain';
  const id = useId();
  const error = errors[`method:${method.id}`];
  const checked = fixed || (selected && !disabledReason);
  return (
    <li className={`rounded-md border p-3 ${checked ? 'border-brand-500 bg-brand-50/50 dark:border-blue-700 dark:bg-blue-950/30' : 'border-zinc-200 dark:border-zinc-800'}`} data-testid={`method-${method.id}`}>
      <div className="flex items-start gap-3">
        <input
          id={id}
          type="checkbox"
          className="mt-1 size-4"
          checked={checked}
          disabled={fixed || !!disabledReason}
          onChange={(e) => onToggle(e.target.checked)}
          aria-describedby={`${id}-desc`}
        />
        <div className="min-w-0 flex-1">
          <label htmlFor={id} className="flex flex-wrap items-center gap-2 text-sm font-medium">
            {method.name}
            {fixed ? <Badge tone="green">always included</Badge> : null}
            {method.requiresOriginalTraining ? <Badge tone="amber">own original per seed</Badge> : null}
          </label>
          <p id={`${id}-desc`} className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">
            {fixed ? 'The exact reference: trains from scratch on the retain set with the study’s recipe. Every metric is compared with it. ' : ''}
            {method.description}
            {disabledReason ? <span className="mt-1 block text-amber-700 dark:text-amber-400">{disabledReason}</span> : null}
          </p>
          <p className="mt-1 text-xs italic text-zinc-500 dark:text-zinc-500">{citationText(method)}</p>
          {error ? (
            <p role="alert" className="mt-1 text-xs text-red-600 dark:text-red-400">
              {error}
            </p>
          ) : null}
          {checked && !fixed ? (
            <div className="mt-3">
              <MethodConfigFields method={method} values={values} onChange={onChange} errors={errors} />
            </div>
          ) : null}
        </div>
      </div>
    </li>
  );
}

/** Names of the form's boxes for the summary's message ("Epochs: …" rather than "recipe.epochs: …"). */
const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  seeds: 'Number of seeds',
  firstSeed: 'First seed',
  modelSpec: 'Model',
  'modelSpec.hidden': 'Hidden layer sizes',
  'modelSpec.dense': 'Dense head sizes',
  'modelSpec.dropout': 'Dropout',
  'recipe.epochs': 'Epochs',
  'recipe.batchSize': 'Batch size',
  'recipe.optimizer.learningRate': 'Learning rate',
  'recipe.optimizer.momentum': 'Momentum',
  'recipe.weightDecay': 'Weight decay',
  'recipe.schedule.everyEpochs': 'Decay every (epochs)',
  'recipe.schedule.gamma': 'Decay factor',
  'recipe.schedule.minLearningRate': 'Final learning rate',
};

function friendlyMessage(error: ApiErrorBody): string {
  const field = typeof error.details?.field === 'string' ? error.details.field : '';
  if (!field || !error.message.startsWith(`${field}: `)) return error.message;
  const rest = error.message.slice(field.length + 2);
  // Method config messages start with the method's name: "SCRUB: Too small…" → "SCRUB alpha: Too small…".
  const methodKey = /^methods\.\d+\.config\.(.+)$/.exec(field)?.[1];
  if (methodKey) {
    const [method, ...more] = rest.split(': ');
    return more.length ? `${method} ${methodKey}: ${more.join(': ')}` : `${methodKey}: ${rest}`;
  }
  const label = FIELD_LABELS[field];
  return label ? `${label}: ${rest}` : error.message;
}

function PlanSummary({ plan, seeds }: { plan: PlanState; seeds: number }) {
  const summary = plan.status === 'ok' ? plan.plan : plan.status === 'loading' ? plan.last : undefined;
  return (
    <div data-testid="plan-summary" aria-live="polite" aria-busy={plan.status === 'loading'} className={plan.status === 'loading' ? 'opacity-70' : ''}>
      {plan.status === 'error' ? (
        <p role="alert" data-testid="plan-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
          {friendlyMessage(plan.error)}
        </p>
      ) : summary ? (
        <dl className="space-y-2 text-sm">
          <div className="flex items-baseline justify-between">
            <dt className="font-medium">Runs</dt>
            <dd className="text-lg font-semibold tabular-nums" data-testid="plan-total">
              {summary.runs.total}
            </dd>
          </div>
          <div className="flex justify-between text-zinc-600 dark:text-zinc-400">
            <dt>Originals</dt>
            <dd className="tabular-nums" data-testid="plan-original">
              {summary.runs.original}
            </dd>
          </div>
          <div className="flex justify-between text-zinc-600 dark:text-zinc-400">
            <dt>Retrains (reference)</dt>
            <dd className="tabular-nums" data-testid="plan-retrain">
              {summary.runs.retrain}
            </dd>
          </div>
          <div className="flex justify-between text-zinc-600 dark:text-zinc-400">
            <dt>Unlearned</dt>
            <dd className="tabular-nums" data-testid="plan-unlearned">
              {summary.runs.unlearned}
            </dd>
          </div>
          <div className="flex justify-between text-zinc-600 dark:text-zinc-400">
            <dt>Reused from earlier studies</dt>
            <dd className="tabular-nums" data-testid="plan-reused">
              {summary.runs.reused}
            </dd>
          </div>
          <div className="border-t border-zinc-200 pt-2 dark:border-zinc-800">
            <dt className="sr-only">Estimated time</dt>
            <dd data-testid="plan-estimate">
              {formatEstimate(summary.estimateSeconds)} on {summary.workers.count || 1} worker{(summary.workers.count || 1) === 1 ? '' : 's'}
              <span className="text-zinc-500"> ({summary.workers.concurrency} at a time)</span>
            </dd>
          </div>
          {seeds < 3 ? (
            <p className="text-xs text-amber-700 dark:text-amber-400">
              {seeds < 2 ? 'With 1 seed there is no spread over seeds and no distinguishability score.' : 'With 2 seeds the distinguishability score is 0 by construction; use 3 or more.'}
            </p>
          ) : null}
        </dl>
      ) : (
        <p className="text-sm text-zinc-500">Working out what the study will create…</p>
      )}
    </div>
  );
}

export function StudyForm({
  teamId,
  scenario,
  dataset,
  methods,
  defaults,
  maxSeeds,
}: {
  teamId: string;
  scenario: StudyFormScenario;
  dataset: StudyFormDataset;
  methods: MethodCatalogueEntry[];
  defaults: { modelSpec: ModelSpec; recipe: StudyRecipe };
  maxSeeds: number;
}) {
  const router = useRouter();
  const image = dataset.inputShape.length === 3;
  const [name, setName] = useState(`${scenario.name} study`);
  const [description, setDescription] = useState('');
  const [spec, setSpec] = useState(() => initialSpec(defaults.modelSpec, image, dataset.inputShape));
  const [recipe, setRecipe] = useState(() => initialRecipe(defaults.recipe));
  const [seeds, setSeeds] = useState('3');
  const [firstSeed, setFirstSeed] = useState('0');
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [configs, setConfigs] = useState<Record<string, Record<string, ConfigValue>>>(() => Object.fromEntries(methods.map((m) => [m.id, initialConfig(m)])));
  const [plan, setPlan] = useState<PlanState>({ status: 'idle' });
  const [launchError, setLaunchError] = useState<LaunchError | null>(null);
  const [launching, setLaunching] = useState(false);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});

  const unavailable = (m: MethodCatalogueEntry): string | undefined =>
    m.modelKinds && !m.modelKinds.includes(spec.kind) ? `Works only with ${m.modelKinds.map((k) => SPEC_NAMES[k as SpecKind] ?? k).join(', ')} models; this study uses ${SPEC_NAMES[spec.kind]}.` : undefined;

  // Methods in catalogue order, without the fixed retrain and without the ones the spec excludes.
  const sentKey = methods
    .filter((m) => m.id !== 'retrain' && selected.has(m.id) && !unavailable(m))
    .map((m) => m.id)
    .join(',');
  const body = useMemo(
    () => ({
      name: name.trim(),
      description,
      scenarioId: scenario.id,
      modelSpec: buildSpec(spec),
      recipe: buildRecipe(recipe),
      seeds: numberOrNull(seeds),
      firstSeed: numberOrNull(firstSeed),
      methods: (sentKey ? sentKey.split(',') : []).map((id) => ({ methodId: id, config: buildConfig(methods.find((m) => m.id === id) as MethodCatalogueEntry, configs[id] ?? {}) })),
    }),
    [name, description, scenario.id, spec, recipe, seeds, firstSeed, sentKey, configs, methods],
  );
  const bodyJson = JSON.stringify(body);

  // Debounced dry run: typing in a box sends one request after a pause, and a newer request
  // aborts the one in flight so an old answer never overwrites a newer one.
  useEffect(() => {
    const controller = new AbortController();
    const sent = JSON.parse(bodyJson) as { name: string; methods: Array<{ methodId: string }> };
    const methodsAtSend = sent.methods.map((m) => m.methodId);
    const timer = setTimeout(async () => {
      // A launch error described the previous inputs; the new plan answers for these.
      setLaunchError(null);
      setPlan((p) => ({ status: 'loading', last: p.status === 'ok' ? p.plan : p.status === 'loading' ? p.last : undefined }));
      // The name is not part of the plan; an empty one is reported at launch, not as a plan error.
      const planBody = { ...sent, name: sent.name || 'Untitled study' };
      try {
        const res = await fetch(`/api/v1/teams/${teamId}/studies/plan`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(planBody),
          signal: controller.signal,
        });
        const json: unknown = await res.json().catch(() => null);
        if (res.ok) setPlan({ status: 'ok', plan: json as StudyPlanSummary });
        else setPlan({ status: 'error', error: (json as { error?: ApiErrorBody } | null)?.error ?? { code: 'http', message: `The server answered ${res.status}.` }, methods: methodsAtSend });
      } catch (err) {
        if ((err as Error).name === 'AbortError') return;
        setPlan({ status: 'error', error: { code: 'network', message: 'Could not reach the server to plan the study.' }, methods: methodsAtSend });
      }
    }, 400);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [bodyJson, teamId]);

  const serverErrors = useMemo(() => {
    if (launchError) return errorsByKey(launchError.error, launchError.methods);
    return plan.status === 'error' ? errorsByKey(plan.error, plan.methods) : {};
  }, [launchError, plan]);
  const errors = { ...serverErrors, ...localErrors };

  const launch = async () => {
    if (!body.name) {
      setLocalErrors({ name: 'Name the study.' });
      document.getElementById('study-name')?.focus();
      return;
    }
    setLocalErrors({});
    setLaunching(true);
    setLaunchError(null);
    try {
      const res = await fetch(`/api/v1/teams/${teamId}/studies`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodyJson });
      const json: unknown = await res.json().catch(() => null);
      if (res.status === 201) {
        router.push(`/teams/${teamId}/studies/${(json as { id: string }).id}`);
        return;
      }
      setLaunchError({ error: (json as { error?: ApiErrorBody } | null)?.error ?? { code: 'http', message: `The server answered ${res.status}.` }, methods: body.methods.map((m) => m.methodId) });
      setLaunching(false);
    } catch {
      setLaunchError({ error: { code: 'network', message: 'Could not reach the server. Try again.' }, methods: [] });
      setLaunching(false);
    }
  };

  const seedCount = numberOrNull(seeds) ?? 0;
  const groups: Array<{ kind: 'exact' | 'approximate'; title: string; hint: string }> = [
    { kind: 'exact', title: 'Exact', hint: 'Give the same model as retraining (by construction), at some cost.' },
    { kind: 'approximate', title: 'Approximate', hint: 'Start from the original model and try to remove the forget set’s influence quickly.' },
  ];

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void launch();
      }}
      className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]"
    >
      <div className="space-y-6">
        <Card title="Scenario and data">
          <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-3" data-testid="study-dataset-summary">
            <div>
              <dt className="text-zinc-500">Scenario</dt>
              <dd className="flex flex-wrap items-center gap-1.5">
                {scenario.name} <Badge tone={CATEGORY_TONES[scenario.category]}>{scenario.category}</Badge>
              </dd>
            </div>
            <div>
              <dt className="text-zinc-500">Dataset</dt>
              <dd>
                {scenario.datasetName} v{scenario.datasetVersion} <span className="text-zinc-500">({dataset.kind})</span>
              </dd>
            </div>
            <div>
              <dt className="text-zinc-500">Forget set</dt>
              <dd className="tabular-nums">
                {formatCount(scenario.forgetCount)} of {formatCount(scenario.trainCount)} training rows
              </dd>
            </div>
            <div>
              <dt className="text-zinc-500">Rows</dt>
              <dd className="tabular-nums">
                {formatCount(dataset.trainRows)} train, {formatCount(dataset.testRows)} test
              </dd>
            </div>
            <div>
              <dt className="text-zinc-500">Classes</dt>
              <dd className="tabular-nums">{dataset.numClasses}</dd>
            </div>
            <div>
              <dt className="text-zinc-500">Model input</dt>
              <dd className="tabular-nums">{image ? `${dataset.inputShape.join(' × ')} image` : `${dataset.inputShape[0]} features (encoded)`}</dd>
            </div>
          </dl>
        </Card>

        <Card title="Study">
          <div className="space-y-3">
            <Field id="study-name" label="Name" error={errors.name}>
              <input
                id="study-name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                maxLength={120}
                aria-invalid={!!errors.name}
                aria-describedby={errors.name ? 'study-name-error' : undefined}
                aria-required
                className={inputClass(errors.name)}
              />
            </Field>
            <Field id="study-description" label="Description (optional)" error={errors.description}>
              <textarea id="study-description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} className={inputClass(errors.description)} />
            </Field>
          </div>
        </Card>

        <Card title="Model" description={`Prefilled with the default for ${dataset.kind} data. Every model of the study (originals, retrains, unlearned) uses it.`}>
          <ModelSpecEditor spec={spec} setSpec={setSpec} errors={errors} image={image} />
        </Card>

        <Card title="Training recipe" description="How originals and retrained references are trained. Methods that fine-tune have their own epochs and rates below.">
          <RecipeEditor recipe={recipe} setRecipe={setRecipe} errors={errors} />
        </Card>

        <Card title="Seeds">
          <div className="grid gap-3 sm:grid-cols-2">
            <TextInput
              label="Number of seeds"
              type="number"
              min={1}
              max={maxSeeds}
              value={seeds}
              onChange={setSeeds}
              error={errors.seeds}
              testId="seed-count"
              hint={`1 to ${maxSeeds}. Each seed trains its own original and retrain and runs every method once. More seeds give confidence intervals, and a meaningful distinguishability score: with N seeds its ε ceiling is ⌈ln(N − 1)⌉, so 2 seeds score 0 by construction; use 3 or more (8 seeds give a ceiling of 2).`}
            />
            <TextInput label="First seed" type="number" min={0} value={firstSeed} onChange={setFirstSeed} error={errors.firstSeed} hint="Seeds are consecutive from here; the same seeds give the same results." />
          </div>
        </Card>

        <Card title="Methods to compare" description="Retraining is always part of a study. Choose the methods to judge against it and adjust their hyperparameters.">
          <div className="space-y-5">
            {groups.map((g) => (
              <fieldset key={g.kind}>
                <legend className="text-sm font-semibold">{g.title}</legend>
                <p className="text-xs text-zinc-500 dark:text-zinc-400">{g.hint}</p>
                <ul className="mt-2 space-y-2">
                  {methods
                    .filter((m) => m.kind === g.kind)
                    .map((m) => (
                      <MethodCard
                        key={m.id}
                        method={m}
                        selected={selected.has(m.id)}
                        disabledReason={unavailable(m)}
                        onToggle={(on) =>
                          setSelected((prev) => {
                            const next = new Set(prev);
                            if (on) next.add(m.id);
                            else next.delete(m.id);
                            return next;
                          })
                        }
                        values={configs[m.id] ?? {}}
                        onChange={(key, v) => setConfigs((prev) => ({ ...prev, [m.id]: { ...prev[m.id], [key]: v } }))}
                        errors={errors}
                      />
                    ))}
                </ul>
              </fieldset>
            ))}
          </div>
        </Card>
      </div>

      <aside className="lg:sticky lg:top-4" aria-label="Study summary">
        <Card title="What this creates">
          <PlanSummary plan={plan} seeds={seedCount} />
          {launchError ? (
            <p role="alert" data-testid="launch-error" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
              {friendlyMessage(launchError.error)}
            </p>
          ) : null}
          <button type="submit" disabled={launching} className={`${buttonClass('primary')} mt-4 w-full`}>
            {launching ? 'Launching…' : 'Launch study'}
          </button>
        </Card>
      </aside>
    </form>
  );
}
