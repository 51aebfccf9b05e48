/**
 * The sentence under the membership-inference ROC that says what an AUC far from 0.5 means,
 * for the non-member population the stored record names (an older record without one used all
 * test rows) and next to the retrained model's AUC, which is what "never saw the rows" looks like.
 */

export interface RocReadingInput {
  /** The stored description of the non-members, e.g. "test rows of the forget set's class 3 (25 of 100 test rows)". */
  population: string | null;
  /** AUC of the retrained model on the same seed, when its curve is shown. */
  retrainAuc: number | null;
}

export function rocReading({ population, retrainAuc }: RocReadingInput): string {
  const against = population ?? 'all test rows';
  const reference =
    retrainAuc === null
      ? 'No retrained curve is shown, so there is no reference for how far from 0.5 a model that never saw the rows lands.'
      : `The retrained model, which never saw the forget rows, scores ${retrainAuc.toFixed(3)}: a method is as good as retraining when its AUC is as close to that.`;
  return (
    `AUC 0.5 means the attack cannot tell forget rows from the non-members (${against}). ` +
    `Far above 0.5, the forget rows still have lower loss than those rows: the model still remembers them. ` +
    `Far below 0.5, they have higher loss than rows it never saw, which gives them away just as well. ${reference}`
  );
}
