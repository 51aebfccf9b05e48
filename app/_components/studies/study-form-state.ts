/**
 * The new-study form's state: model spec, recipe and method configs as typed strings, and the
 * functions that turn them into the request body or map the server's field errors back to boxes.
 */
import type { ModelSpec } from '@/lib/ml/model-spec';
import type { StudyRecipe } from '@/lib/studies/defaults';
import type { StudyPlanSummary } from '@/lib/studies/service';
import type { MethodCatalogueEntry } from '@/lib/unlearning/registry';
import { fieldErrorsOf, type ApiErrorBody } from '@/app/_components/ui/progress-request';

export type Activation = 'relu' | 'tanh' | 'elu' | 'sigmoid';
export const ACTIVATIONS: Activation[] = ['relu', 'tanh', 'elu', 'sigmoid'];
export type SpecKind = ModelSpec['kind'];

export interface BlockState {
  filters: string;
  kernelSize: string;
  activation: Activation;
  padding: 'valid' | 'same';
  pooling: 'max' | 'avg' | 'none';
  poolSize: string;
}

export interface SpecState {
  kind: SpecKind;
  hidden: string;
  activation: Activation;
  dropout: string;
  blocks: BlockState[];
  dense: string;
  denseActivation: Activation;
  cnnDropout: string;
}

export type OptimizerKind = 'sgd' | 'momentum' | 'adam';
export type ScheduleKind = 'constant' | 'step' | 'cosine';

export interface RecipeState {
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

export interface JsonSchemaProperty {
  type?: string;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  description?: string;
}

export type ConfigValue = string | boolean;

/** `methods` is the method order of the request that failed: server field paths index into it. */
export type PlanState = { status: 'idle' } | { status: 'loading'; last?: StudyPlanSummary } | { status: 'ok'; plan: StudyPlanSummary } | { status: 'error'; error: ApiErrorBody; methods: string[] };

export interface LaunchError {
  error: ApiErrorBody;
  methods: string[];
}

export function numberOrNull(text: string): number | null {
  const t = text.trim();
  if (!t) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

export function listOf(text: string): Array<number | null> {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(numberOrNull);
}

export const str = (n: number | undefined, fallback: string) => (n === undefined ? fallback : String(n));

export function initialSpec(spec: ModelSpec, image: boolean, inputShape: number[]): SpecState {
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

export function initialRecipe(recipe: StudyRecipe): RecipeState {
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

export function buildSpec(s: SpecState): unknown {
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

export function buildRecipe(r: RecipeState): unknown {
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

export function propertiesOf(m: MethodCatalogueEntry): Array<[string, JsonSchemaProperty]> {
  const props = (m.configJsonSchema.properties ?? {}) as Record<string, JsonSchemaProperty>;
  return Object.entries(props);
}

export function initialConfig(m: MethodCatalogueEntry): Record<string, ConfigValue> {
  const out: Record<string, ConfigValue> = {};
  for (const [key, p] of propertiesOf(m)) {
    const value = m.defaults[key] ?? p.default;
    if (p.type === 'boolean') out[key] = value === true;
    else out[key] = value === undefined || value === null ? '' : String(value);
  }
  return out;
}

export function buildConfig(m: MethodCatalogueEntry, values: Record<string, ConfigValue>): Record<string, unknown> {
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
export function boundsText(p: JsonSchemaProperty): string {
  const parts: string[] = [];
  if (p.minimum !== undefined) parts.push(`≥ ${p.minimum}`);
  if (p.exclusiveMinimum !== undefined) parts.push(`> ${p.exclusiveMinimum}`);
  if (p.maximum !== undefined && p.maximum < Number.MAX_SAFE_INTEGER) parts.push(`≤ ${p.maximum}`);
  if (p.exclusiveMaximum !== undefined) parts.push(`< ${p.exclusiveMaximum}`);
  return parts.join(', ');
}

/** Server field paths → this form's field keys (list items collapse onto their list's box). */
export function formKey(field: string, sentMethods: string[]): string {
  const method = /^methods\.(\d+)(?:\.(.*))?$/.exec(field);
  if (method) {
    const id = sentMethods[Number(method[1])] ?? 'unknown';
    const rest = method[2] ?? '';
    // methods.1.sweep.learningRate.2 → the values box of that setting; methods.1.sweep → the sweep.
    const sweep = /^sweep(?:\.([^.]+))?/.exec(rest);
    if (sweep) return sweep[1] ? `method:${id}:sweep:${sweep[1]}` : `method:${id}:sweep`;
    return rest.startsWith('config.') ? `method:${id}:${rest.slice('config.'.length).split('.')[0]}` : `method:${id}`;
  }
  const list = /^modelSpec\.(hidden|dense)\.\d+$/.exec(field);
  if (list) return `modelSpec.${list[1]}`;
  return field;
}

export function errorsByKey(error: ApiErrorBody, sentMethods: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(fieldErrorsOf(error))) {
    // The service prefixes messages with their field path; the box already says which field.
    const clean = message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
    out[formKey(field, sentMethods)] ??= clean;
  }
  return out;
}
