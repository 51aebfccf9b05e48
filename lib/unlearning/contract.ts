/**
 * The one contract every unlearning method implements (see notes/unlearning-reference.md):
 * given the original model, the retain and forget sets, a validated config and a context
 * (progress, cancel signal, seeded random source, what the original training captured),
 * produce the unlearned model. Methods never mutate their inputs: they clone the original.
 */
import { z } from 'zod';
import type { ModelSpec } from '../ml/model-spec';
import type { TensorSet } from '../ml/tensor-set';
import type { TrainingRecipe } from '../ml/training-recipe';
import type { RandomSource } from '../random';
import type { UnlearningArtifacts } from './artifacts';
import type { Predictor } from './predictor';

export type MethodKind = 'exact' | 'approximate';

export interface Citation {
  authors: string;
  year: number;
  title: string;
  venue: string;
}

export interface UnlearningProgress {
  /** What the method is doing now, e.g. 'fine-tune', 'max-step', 'fisher', 'newton'. */
  phase: string;
  /** Overall completion in [0, 1]. */
  fraction: number;
  loss?: number;
}

export type { UnlearningArtifacts };

export interface UnlearningContext {
  signal?: AbortSignal;
  progress(progress: UnlearningProgress): void;
  /** Every random choice of the method comes from here (seeded by the run). */
  random: RandomSource;
  artifacts: UnlearningArtifacts;
}

export interface UnlearningInput<Config> {
  /** The trained original (a Model, or a SISA ensemble). Never mutated. */
  original: Predictor;
  spec: ModelSpec;
  /** The recipe the original was trained with (retraining reuses it). */
  recipe: TrainingRecipe;
  retain: TensorSet;
  forget: TensorSet;
  test?: TensorSet;
  config: Config;
  context: UnlearningContext;
}

/** Mean training loss per epoch (or per phase pass) of the method, for charts. */
export interface CurvePoint {
  epoch: number;
  phase: string;
  loss: number;
}

export interface UnlearningStats {
  /** True when the method trained a model from scratch (retrain, SISA, certified removal over budget). */
  retrained: boolean;
  seconds: number;
  [key: string]: number | boolean | string | null;
}

export interface UnlearningResult {
  /** The unlearned model; the caller owns it and must dispose it. */
  model: Predictor;
  stats: UnlearningStats;
  curve?: CurvePoint[];
  /**
   * Artifacts updated for the next request of a sequence (e.g. SISA's retrained shards,
   * Amnesiac's updates already subtracted removed, certified removal's spent budget).
   */
  artifacts?: UnlearningArtifacts;
}

/** What a forget request removes, as far as choosing a method's settings goes. */
export type ScenarioKind = 'class' | 'random' | 'subjects' | 'subgroup';

/** The request a default setting is chosen for. */
export interface DefaultsSituation {
  scenarioKind: ScenarioKind;
  trainRows: number;
  forgetRows: number;
}

export interface UnlearningMethod<Schema extends z.ZodType = z.ZodType> {
  id: string;
  name: string;
  kind: MethodKind;
  /** One or two sentences the UI shows. */
  description: string;
  citation: Citation;
  /** Validates the config, fills in defaults, refuses values out of range. */
  configSchema: Schema;
  /**
   * Settings measured to do the method's job for this kind of request (bench:defaults), over
   * the schema's defaults; absent when the schema's defaults serve every kind.
   */
  defaultsFor?(situation: DefaultsSituation): Partial<z.input<Schema>>;
  run(input: UnlearningInput<z.infer<Schema>>): Promise<UnlearningResult>;
}

/** A config that fails its method's schema; the message names the field(s). */
export class InvalidMethodConfigError extends Error {
  readonly issues: { path: string; message: string }[];

  constructor(methodId: string, issues: { path: string; message: string }[]) {
    super(`invalid config for ${methodId}: ${issues.map((i) => `${i.path || '(config)'}: ${i.message}`).join('; ')}`);
    this.name = 'InvalidMethodConfigError';
    this.issues = issues;
  }
}

/** Validates `raw` with the method's schema (defaults filled in) or throws InvalidMethodConfigError. */
export function parseMethodConfig<Schema extends z.ZodType>(method: UnlearningMethod<Schema>, raw: unknown): z.infer<Schema> {
  const parsed = method.configSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  throw new InvalidMethodConfigError(
    method.id,
    parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  );
}

/**
 * The method's settings for a request: what the caller gave, over the per-kind defaults its
 * file states (defaultsFor), over the schema's defaults. Throws InvalidMethodConfigError.
 */
export function configForSituation<Schema extends z.ZodType>(method: UnlearningMethod<Schema>, raw: Record<string, unknown> | undefined, situation: DefaultsSituation): z.infer<Schema> {
  return parseMethodConfig(method, { ...(method.defaultsFor?.(situation) ?? {}), ...(raw ?? {}) });
}

/** Helper for method files: keeps the schema type while checking the object's shape. */
export function defineMethod<Schema extends z.ZodType>(method: UnlearningMethod<Schema>): UnlearningMethod<Schema> {
  return method;
}
