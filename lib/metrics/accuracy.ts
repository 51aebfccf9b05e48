/**
 * Accuracy family: accuracy on a split (UA on the forget set, RA on the retain set, TA on the
 * test set in the unlearning literature), accuracy per class, and completeness, the agreement
 * of two models' predictions (Cao & Yang 2015, "Towards Making Systems Forget with Machine
 * Unlearning", IEEE S&P).
 */
import { checkOutputs, predictedClasses, rowCount } from './per-example';

/** Share of rows whose argmax prediction equals the label, in [0, 1]. Throws on an empty split. */
export function accuracy(probabilities: Float32Array, labels: Int32Array, numClasses: number): number {
  const n = checkOutputs(probabilities, labels, numClasses);
  if (n === 0) throw new Error('accuracy of an empty split is undefined');
  const pred = predictedClasses(probabilities, numClasses);
  let correct = 0;
  for (let i = 0; i < n; i++) if (pred[i] === labels[i]) correct++;
  return correct / n;
}

export interface ClassAccuracy {
  classIndex: number;
  /** Rows whose true label is this class. */
  count: number;
  correct: number;
  /** correct / count; null when the class has no row in the split. */
  accuracy: number | null;
}

/**
 * Accuracy restricted to each true class, with counts (a class with few rows gives a noisy
 * accuracy, and charts should say so). Class-wise forgetting (forget set = one class) shows up
 * here as one class dropping to ~0 while the others stay.
 */
export function perClassAccuracy(
  probabilities: Float32Array,
  labels: Int32Array,
  numClasses: number,
): ClassAccuracy[] {
  const n = checkOutputs(probabilities, labels, numClasses);
  const pred = predictedClasses(probabilities, numClasses);
  const count = new Array<number>(numClasses).fill(0);
  const correct = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < n; i++) {
    count[labels[i]]++;
    if (pred[i] === labels[i]) correct[labels[i]]++;
  }
  return count.map((c, classIndex) => ({
    classIndex,
    count: c,
    correct: correct[classIndex],
    accuracy: c > 0 ? correct[classIndex] / c : null,
  }));
}

/**
 * Completeness (Cao & Yang 2015): share of inputs on which two models predict the same class.
 * Against the retrained model Mr, 1 means the unlearned model behaves exactly like retraining
 * on these inputs. Both probability matrices must cover the same rows in the same order.
 */
export function predictionAgreement(
  probabilitiesA: Float32Array,
  probabilitiesB: Float32Array,
  numClasses: number,
): number {
  const n = rowCount(probabilitiesA, numClasses);
  if (rowCount(probabilitiesB, numClasses) !== n) {
    throw new Error(`agreement needs the same rows: ${n} vs ${probabilitiesB.length / numClasses}`);
  }
  if (n === 0) throw new Error('agreement on an empty split is undefined');
  const a = predictedClasses(probabilitiesA, numClasses);
  const b = predictedClasses(probabilitiesB, numClasses);
  let same = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) same++;
  return same / n;
}
