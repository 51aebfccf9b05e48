/**
 * A method's default settings for a request: the per-kind defaults its own file states
 * (defaultsFor, chosen with bench:defaults), completed by its schema's defaults. Used when a
 * study leaves a method's config out, and by the study form to fill it in.
 */
import { parseMethodConfig, type DefaultsSituation, type ScenarioKind } from './contract';
import { getMethod } from './registry';

export type { DefaultsSituation, ScenarioKind };

export function defaultConfigFor(methodId: string, situation: DefaultsSituation): Record<string, unknown> {
  const method = getMethod(methodId);
  return parseMethodConfig(method, method.defaultsFor?.(situation) ?? {}) as Record<string, unknown>;
}
