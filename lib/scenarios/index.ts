/**
 * The scenario layer: selectors and poisoning injection per category. Pure: no database,
 * Next.js or HTTP. Client components should import `spec.ts`, `templates.ts` or `preview.ts`
 * directly: this barrel pulls in `hash.ts`, which uses node:crypto.
 */
export * from './spec';
export { ScenarioError, type ScenarioErrorCode, type ScenarioErrorDetails } from './errors';
export { LABEL_COLUMN, SUBJECT_COLUMN, listPredicateColumns, type PredicateColumnInfo } from './columns';
export { resolveForgetSet, type ScenarioResolution } from './forget-set';
export { resolveScenario, type ResolvedScenario } from './resolve';
export { hashForgetSet } from './hash';
export { previewScenario, type ScenarioPreview, type CompositionEntry, type PoisonSample, type PoisonedCell } from './preview';
export { injectPoison } from './poison/inject-poison';
export type { PoisonInjection, TriggeredTestSet } from './poison/types';
export { resolveSelector } from './selector';
export { buildRequests } from './requests';
export { scenarioTemplates, scenarioTemplate, type ScenarioTemplate, type TemplateDatasetInfo, type TemplateMetric } from './templates';
