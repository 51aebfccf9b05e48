/**
 * The registry of unlearning methods: lookup by id, and a JSON catalogue for the UI (name,
 * kind, description, citation, the config's JSON schema and defaults).
 */
import { z } from 'zod';
import { configForSituation, parseMethodConfig, type Citation, type DefaultsSituation, type MethodKind, type ScenarioKind, type UnlearningMethod } from './contract';
import { amnesiac } from './methods/amnesiac';
import { certifiedRemoval } from './methods/certified-removal';
import { finetune } from './methods/finetune';
import { fisherForgetting } from './methods/fisher';
import { negGrad } from './methods/neggrad';
import { negGradPlus } from './methods/neggrad-plus';
import { randomLabels } from './methods/random-labels';
import { retrain } from './methods/retrain';
import { salun } from './methods/salun';
import { scrub } from './methods/scrub';
import { sisa } from './methods/sisa';
import { ssd } from './methods/ssd';

/** Every method, exact ones first. */
export const METHODS: readonly UnlearningMethod[] = [
  retrain,
  sisa,
  finetune,
  negGrad,
  negGradPlus,
  randomLabels,
  scrub,
  salun,
  ssd,
  amnesiac,
  fisherForgetting,
  certifiedRemoval,
] as unknown as readonly UnlearningMethod[];

export type MethodId = (typeof METHODS)[number]['id'];

export function getMethod(id: string): UnlearningMethod {
  const method = METHODS.find((m) => m.id === id);
  if (!method) throw new Error(`unknown unlearning method '${id}'; known: ${METHODS.map((m) => m.id).join(', ')}`);
  return method;
}

/**
 * The method's full default config for a request (its per-kind defaults over its schema's):
 * what a study runs when the method's config is omitted, and what the study form fills in.
 */
export function defaultConfigFor(methodId: string, situation: DefaultsSituation): Record<string, unknown> {
  return configForSituation(getMethod(methodId), undefined, situation) as Record<string, unknown>;
}

/** What the UI needs to list methods and render their config forms. JSON-serialisable. */
export interface MethodCatalogueEntry {
  id: string;
  name: string;
  kind: MethodKind;
  description: string;
  citation: Citation;
  /** JSON Schema of the config (input side: fields with defaults are optional). */
  configJsonSchema: Record<string, unknown>;
  defaults: Record<string, unknown>;
  /** The scenario kind `defaults` were chosen for; null = the schema's defaults, whatever the request. */
  defaultsChosenFor: ScenarioKind | null;
  /** Needs artifacts captured while training the original ('sisa', 'amnesiac', 'certified'). */
  requiresOriginalTraining: string | null;
  /** Model spec kinds the method accepts; null = all. */
  modelKinds: string[] | null;
}

const REQUIRED_TRAINING: Record<string, string> = { sisa: 'sisa', amnesiac: 'amnesiac', 'certified-removal': 'certified' };

/** With a situation, each method's defaults are those chosen for it (defaultConfigFor). */
export function methodCatalogue(situation?: DefaultsSituation): MethodCatalogueEntry[] {
  return METHODS.map((m) => ({
    id: m.id,
    name: m.name,
    kind: m.kind,
    description: m.description,
    citation: { ...m.citation },
    configJsonSchema: z.toJSONSchema(m.configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
    defaults: (situation ? configForSituation(m, undefined, situation) : parseMethodConfig(m, {})) as Record<string, unknown>,
    defaultsChosenFor: situation && m.defaultsFor ? situation.scenarioKind : null,
    requiresOriginalTraining: REQUIRED_TRAINING[m.id] ?? null,
    modelKinds: m.id === 'certified-removal' ? ['logistic'] : null,
  }));
}
