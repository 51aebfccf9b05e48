/** lib/unlearning: one contract, one registry, one file per method (see registry.ts). */
export * from './contract';
export type { AmnesiacArtifact, AmnesiacUpdate, CertifiedArtifact, SisaArtifact, SisaShard } from './artifacts';
export * from './predictor';
export { METHODS, getMethod, methodCatalogue, type MethodCatalogueEntry, type MethodId } from './registry';
export { evaluateUnlearned, measureRelearnTime, type EvaluateUnlearnedInput, type RelearnMeasurement, type RelearnOptions } from './evaluate-unlearned';
export { runSequentialRequests, type SequentialOptions, type SequentialStep } from './sequential';
export { subsetByPositions, subsetByRowIds } from './common';
export { trainSisa, sisaEnsemble, sisaTrainingConfigSchema, type SisaTrainingConfig } from './methods/sisa';
export { trainWithUpdateCapture, type UpdateCaptureOptions } from './methods/amnesiac';
export { trainCertified, removalBudget, certifiedTrainingConfigSchema, type CertifiedTrainingConfig } from './methods/certified-removal';
