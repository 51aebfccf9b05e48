/**
 * Cost of unlearning: speedup = time(retrain) / time(method) (the reference note; SISA's
 * reported speedups, Bourtoule et al. 2021, are of this form). Above 1 the method is cheaper
 * than retraining from scratch, the exact but slow baseline.
 */

/**
 * What every model's timed seconds measure (run manifests' `timings.computeSeconds`, the
 * `timing.seconds` metric, and so every speedup), the same for every model kind.
 */
export const TIMED_PHASE =
  "model computation in the worker thread after an untimed warm-up (two training steps of a throwaway model of the same spec): training for originals and retrains, the method's run for unlearning; loading, encoding, serialisation and evaluation are excluded";

/** time(retrain) / time(method); both wall-clock durations in the same unit, > 0. */
export function speedup(retrainSeconds: number, methodSeconds: number): number {
  if (!(retrainSeconds > 0) || !Number.isFinite(retrainSeconds)) {
    throw new Error(`retrain time must be a positive number, got ${retrainSeconds}`);
  }
  if (!(methodSeconds > 0) || !Number.isFinite(methodSeconds)) {
    throw new Error(`method time must be a positive number, got ${methodSeconds}`);
  }
  return retrainSeconds / methodSeconds;
}
