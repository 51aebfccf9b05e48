/**
 * Backdoor attack success rate (Gu, Dolan-Gavitt & Garg 2017, "BadNets"; used to judge
 * corrective unlearning of poisoned data by Goel et al. 2024, "Corrective machine unlearning"):
 * the share of triggered test inputs whose TRUE label is not the attack's target class that the
 * model classifies as the target. Inputs whose true label is the target are left out because
 * predicting the target there is correct, not the backdoor at work. Report it before and after
 * unlearning, next to clean test accuracy (a method that breaks the model also "removes" the
 * backdoor).
 */
import { checkOutputs, predictedClasses } from './per-example';

export interface BackdoorResult {
  targetClass: number;
  /** Triggered inputs whose true label is not the target. */
  eligible: number;
  /** Of those, classified as the target. */
  hits: number;
  /** hits / eligible in [0, 1]; null when no input is eligible. */
  attackSuccessRate: number | null;
}

/** Attack success rate on the model's outputs for triggered inputs. */
export function backdoorAttackSuccessRate(
  triggeredProbabilities: Float32Array,
  trueLabels: Int32Array,
  numClasses: number,
  targetClass: number,
): BackdoorResult {
  const n = checkOutputs(triggeredProbabilities, trueLabels, numClasses);
  if (!Number.isInteger(targetClass) || targetClass < 0 || targetClass >= numClasses) {
    throw new Error(`targetClass ${targetClass} is outside [0, ${numClasses})`);
  }
  const pred = predictedClasses(triggeredProbabilities, numClasses);
  let eligible = 0, hits = 0;
  for (let i = 0; i < n; i++) {
    if (trueLabels[i] === targetClass) continue;
    eligible++;
    if (pred[i] === targetClass) hits++;
  }
  return { targetClass, eligible, hits, attackSuccessRate: eligible > 0 ? hits / eligible : null };
}
