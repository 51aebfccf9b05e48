import { describe, expect, it } from 'vitest';
import { createRandom } from '../random';
import { evaluateModel } from './evaluate-model';
import { thresholdAttack } from './membership-inference';
import { membershipPopulation } from './membership-population';
import { crossEntropyLosses } from './per-example';
import { balancedLabels, softmaxRows, syntheticOutputs } from './test-fixtures';

describe('membershipPopulation', () => {
  it('keeps every test row when the forget set spans every class and group (random forgetting)', () => {
    const { rows, population } = membershipPopulation(balancedLabels(40, 4), balancedLabels(100, 4));
    expect(rows.length).toBe(100);
    expect(population.kind).toBe('all-test');
    expect(population.restrictions).toEqual([]);
    expect(population.description).toBe('all test rows (100 of 100 test rows)');
  });

  it('keeps the test rows of the forgotten classes (class forgetting)', () => {
    const test = balancedLabels(100, 4);
    const { rows, population } = membershipPopulation(Int32Array.from([2, 2, 2]), test, [], [], ['a', 'b', 'c', 'd']);
    expect(rows.length).toBe(25);
    expect(Array.from(rows).every((r) => test[r] === 2)).toBe(true);
    expect(population).toMatchObject({ kind: 'matched', nonMemberCount: 25, testCount: 100 });
    expect(population.restrictions).toEqual([{ attribute: 'class', codes: [2], values: ['c'], applied: true }]);
    expect(population.description).toBe("test rows of the forget set's class c (25 of 100 test rows)");
  });

  it('keeps the test rows of the forgotten subgroup, matched by attribute name', () => {
    const testLabels = balancedLabels(60, 2);
    const testSex = { name: 'sex', codes: Int32Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? 1 : 0)), values: ['f', 'm'] };
    const forgetLabels = Int32Array.from([0, 1, 0, 1]);
    const forgetSex = { name: 'sex', codes: Int32Array.from([1, 1, 1, 1]), values: ['f', 'm'] };
    const { rows, population } = membershipPopulation(forgetLabels, testLabels, [forgetSex], [testSex]);
    expect(rows.length).toBe(20);
    expect(Array.from(rows).every((r) => testSex.codes[r] === 1)).toBe(true);
    expect(population.restrictions).toEqual([{ attribute: 'sex', codes: [1], values: ['m'], applied: true }]);
  });

  it('does not restrict to an empty population, and says so', () => {
    const { rows, population } = membershipPopulation(Int32Array.from([3]), Int32Array.from([0, 1, 2]));
    expect(rows.length).toBe(3);
    expect(population.kind).toBe('all-test');
    expect(population.restrictions[0].applied).toBe(false);
  });
});

describe('class forgetting, known answer: retrain scores AUC about 0.5', () => {
  // A model retrained without class 0 never saw any class-0 row: its outputs on the forgotten
  // class-0 training rows and on class-0 test rows come from one distribution (low confidence
  // in class 0), while it is confident on the other classes' test rows.
  const k = 4;
  const forgetLabels = new Int32Array(300); // all class 0
  const testLabels = balancedLabels(1200, k);
  function retrainedOutputs(labels: Int32Array, seed: number): Float32Array {
    const random = createRandom(seed);
    const logits = new Float64Array(labels.length * k);
    for (let i = 0; i < labels.length; i++) {
      for (let j = 0; j < k; j++) logits[i * k + j] = random.normal();
      // Class 0 is unknown to the model: no margin, a penalty on its logit; others: margin 4.
      if (labels[i] === 0) logits[i * k] -= 3;
      else logits[i * k + labels[i]] += 4;
    }
    return softmaxRows(logits, k);
  }
  const retainLabels = Int32Array.from({ length: 900 }, (_, i) => 1 + (i % 3));
  const record = evaluateModel({
    numClasses: k,
    seed: 3,
    forget: { probabilities: retrainedOutputs(forgetLabels, 1), labels: forgetLabels },
    retain: { probabilities: syntheticOutputs(retainLabels, k, 5, 2), labels: retainLabels },
    test: { probabilities: retrainedOutputs(testLabels, 3), labels: testLabels },
    classNames: ['T-shirt', 'Trouser', 'Pullover', 'Dress'],
  });

  it('uses the class-0 test rows as non-members and gives AUC ≈ 0.5, CV accuracy ≈ 0.5', () => {
    const mi = record.membershipInference;
    expect(mi.population.kind).toBe('matched');
    expect(mi.population.nonMemberCount).toBe(300);
    expect(mi.population.description).toBe("test rows of the forget set's class T-shirt (300 of 1,200 test rows)");
    expect(mi.lossThreshold.nonMemberCount).toBe(300);
    expect(Math.abs(mi.lossThreshold.auc - 0.5)).toBeLessThan(0.06);
    expect(Math.abs((mi.lossCrossValidated?.accuracy ?? 0) - 0.5)).toBeLessThan(0.08);
  });

  it('would measure the class, not membership, against the whole test set (AUC far below 0.5)', () => {
    // The same loss attack with every test row as non-member: the forget rows' high loss against
    // the confident other classes gives an AUC near 0; that is what the matched population avoids.
    const unmatched = thresholdAttack(
      crossEntropyLosses(retrainedOutputs(forgetLabels, 1), forgetLabels, k),
      crossEntropyLosses(retrainedOutputs(testLabels, 3), testLabels, k),
      { memberSide: 'lower' },
    );
    expect(unmatched.auc).toBeLessThan(0.3);
  });
});
