/**
 * Relearn time (Golatkar, Achille & Soatto 2020, "Eternal sunshine of the spotless net"):
 * fine-tune the unlearned model on the forget set and count the steps until
 * its forget-set loss falls back to the original model's. Information about Df left in the
 * weights makes relearning fast; a model that never saw Df (Mr) takes longest. The ML layer
 * runs the fine-tuning and records the loss curve; this pure function reads the answer off it.
 */

export interface LossCurvePoint {
  /** Fine-tuning step (or epoch) at which the loss was measured, increasing. */
  step: number;
  /** Loss on the forget set at that step. */
  loss: number;
}

export interface RelearnTimeResult {
  /** First recorded step with loss ≤ target; null if the curve never gets there. */
  steps: number | null;
  /** The original model's forget-set loss. */
  targetLoss: number;
  /** Last step recorded (a lower bound on relearn time when `steps` is null). */
  lastRecordedStep: number | null;
}

/** First step at which the recorded forget loss is at or below the original model's. */
export function relearnTime(curve: readonly LossCurvePoint[], originalForgetLoss: number): RelearnTimeResult {
  if (!Number.isFinite(originalForgetLoss)) throw new Error('original forget loss must be finite');
  let previous = -Infinity;
  for (const point of curve) {
    if (!(point.step > previous)) throw new Error(`loss curve steps must increase, got ${point.step} after ${previous}`);
    previous = point.step;
    if (point.loss <= originalForgetLoss) {
      return { steps: point.step, targetLoss: originalForgetLoss, lastRecordedStep: curve[curve.length - 1].step };
    }
  }
  return {
    steps: null,
    targetLoss: originalForgetLoss,
    lastRecordedStep: curve.length > 0 ? curve[curve.length - 1].step : null,
  };
}
