/**
 * Plans a study into runs (pure): per seed an original and, per deletion request, a retrained
 * reference; per method, seed and request an unlearned run. Methods that need the original
 * trained their own way (SISA's shards, Amnesiac's captured updates, certified removal's
 * perturbed objective) get an original of that variant. Certified removal is an exact claim about
 * its own objective, so it also gets a retrain of that variant (the perturbed objective trained on
 * the retain set, same seed): it is compared with that, never with the plain retrain. Each run
 * carries the hash of everything
 * that determines its model, so an identical earlier run can be reused instead of recomputed.
 */
import crypto from 'node:crypto';
import type { SweepTag } from './sweep-grid';

export type RunKind = 'original' | 'retrain' | 'unlearned';

export interface PlannedMethod {
  methodId: string;
  config: Record<string, unknown>;
  /** The original this method starts from: 'standard', or its own variant ('sisa', 'amnesiac', 'certified'). */
  originalVariant: string;
  /** A grid point of a hyperparameter sweep; its config already holds the point's values. */
  sweep?: SweepTag;
}

export interface PlanInput {
  seeds: number[];
  methods: PlannedMethod[];
  /** Hash of the training data: the dataset version (split included), plus the poison of a security scenario. */
  trainingDataHash: string;
  /** Hash of each sequential request's (cumulative) forget set; one entry for a single request. */
  forgetSetHashes: string[];
  modelSpec: unknown;
  recipe: unknown;
  /** The ML backend expected to run the jobs (part of reproducibility: same seed, same backend). */
  backend: string;
}

export interface PlannedRun {
  /** Stable key within the plan, e.g. `original:standard:s0`, `unlearned:scrub#1:s0:r1`. */
  key: string;
  kind: RunKind;
  variant: string;
  methodId: string | null;
  config: Record<string, unknown> | null;
  seed: number;
  requestIndex: number;
  dependsOn: string[];
  inputHash: string;
}

/** Canonical JSON (sorted keys) so equal inputs hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function hashOf(value: unknown): string {
  return crypto.createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** Original variants whose methods are judged against a retrain of the same variant. */
export const VARIANTS_WITH_OWN_RETRAIN = new Set(['certified']);

function variantKey(m: PlannedMethod): string {
  return m.originalVariant === 'standard' ? 'standard' : `${m.originalVariant}:${hashOf(m.config).slice(0, 8)}`;
}

export function planStudy(input: PlanInput): PlannedRun[] {
  if (input.seeds.length === 0) throw new Error('a study needs at least one seed');
  if (input.forgetSetHashes.length === 0) throw new Error('a study needs at least one deletion request');
  const runs: PlannedRun[] = [];
  const common = { modelSpec: input.modelSpec, recipe: input.recipe, backend: input.backend, trainingData: input.trainingDataHash };

  // Retrain is the reference every study has; a method entry 'retrain' would duplicate it.
  const methods = input.methods.filter((m) => m.methodId !== 'retrain');
  const variants = new Map<string, PlannedMethod | null>([['standard', null]]);
  for (const m of methods) if (!variants.has(variantKey(m))) variants.set(variantKey(m), m.originalVariant === 'standard' ? null : m);

  const methodSlots = new Map<string, number>();
  for (const seed of input.seeds) {
    for (const [key, method] of variants) {
      const variant = method?.originalVariant ?? 'standard';
      const variantConfig = method?.config ?? null;
      runs.push({
        key: `original:${key}:s${seed}`,
        kind: 'original',
        variant,
        methodId: method?.methodId ?? null,
        config: variantConfig,
        seed,
        requestIndex: 0,
        dependsOn: [],
        // Amnesiac's original records the updates of the rows its scenario may delete: it is
        // only the same original for the same deletion requests.
        inputHash: hashOf({ kind: 'original', variant, variantConfig, seed, ...common, ...(variant === 'amnesiac' ? { forgetSets: input.forgetSetHashes } : {}) }),
      });
    }
    input.forgetSetHashes.forEach((forgetSet, r) => {
      runs.push({
        key: `retrain:s${seed}:r${r}`,
        kind: 'retrain',
        variant: 'standard',
        methodId: null,
        config: null,
        seed,
        requestIndex: r,
        dependsOn: [],
        inputHash: hashOf({ kind: 'retrain', forgetSet, seed, ...common }),
      });
      for (const [key, method] of variants) {
        if (!method || !VARIANTS_WITH_OWN_RETRAIN.has(method.originalVariant)) continue;
        runs.push({
          key: `retrain:${key}:s${seed}:r${r}`,
          kind: 'retrain',
          variant: method.originalVariant,
          methodId: method.methodId,
          config: method.config,
          seed,
          requestIndex: r,
          dependsOn: [],
          inputHash: hashOf({ kind: 'retrain', variant: method.originalVariant, variantConfig: method.config, forgetSet, seed, ...common }),
        });
      }
    });
    methods.forEach((m, index) => {
      // The same method may appear twice with different hyperparameters: #index tells them apart.
      const slot = `${m.methodId}#${index}`;
      methodSlots.set(slot, index);
      input.forgetSetHashes.forEach((forgetSet, r) => {
        const parent = r === 0 ? `original:${variantKey(m)}:s${seed}` : `unlearned:${slot}:s${seed}:r${r - 1}`;
        const parentHash = runs.find((x) => x.key === parent)?.inputHash;
        runs.push({
          key: `unlearned:${slot}:s${seed}:r${r}`,
          kind: 'unlearned',
          variant: m.originalVariant,
          methodId: m.methodId,
          config: m.config,
          seed,
          requestIndex: r,
          // The reference: the retrain of the method's own variant where it has one, else the plain retrain.
          dependsOn: [...new Set([parent, VARIANTS_WITH_OWN_RETRAIN.has(m.originalVariant) ? `retrain:${variantKey(m)}:s${seed}:r${r}` : `retrain:s${seed}:r${r}`, `original:standard:s${seed}`])],
          inputHash: hashOf({ kind: 'unlearned', methodId: m.methodId, config: m.config, parentHash, forgetSet, seed, ...common }),
        });
      });
    });
  }
  return runs;
}

/** Runs whose dependencies have all succeeded, among those still waiting. */
export function readyToQueue<T extends { key: string; status: string; dependsOn: string[] }>(runs: T[]): T[] {
  const succeeded = new Set(runs.filter((r) => r.status === 'succeeded').map((r) => r.key));
  return runs.filter((r) => r.status === 'waiting' && r.dependsOn.every((d) => succeeded.has(d)));
}
