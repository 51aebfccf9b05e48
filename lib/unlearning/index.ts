/** lib/unlearning: one contract, one registry, one file per method (see registry.ts). */
export * from './contract';
export * from './predictor';
export { METHODS, getMethod, methodCatalogue, type MethodCatalogueEntry, type MethodId } from './registry';
export { evaluateUnlearned, measureRelearnTime, type EvaluateUnlearnedInput, type RelearnMeasurement, type RelearnOptions } from './evaluate-unlearned';
export { runSequentialRequests, type SequentialOptions, type SequentialStep } from './sequential';
export { subsetByPositions, subsetByRowIds } from './common';
export { trainSisa, sisaEnsemble, sisaTrainingConfigSchema, type SisaArtifact, type SisaShard, type SisaTrainingConfig } from './methods/sisa';
export { trainWithUpdateCapture, type AmnesiacArtifact, type AmnesiacUpdate, type UpdateCaptureOptions } from './methods/amnesiac';
export { trainCertified, removalBudget, certifiedTrainingConfigSchema, type CertifiedArtifact, type CertifiedTrainingConfig } from './methods/certified-removal';
