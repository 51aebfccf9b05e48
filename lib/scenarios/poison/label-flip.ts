/**
 * Label-flipping poison: the attacker cannot touch features, only labels. Either a targeted
 * flip (a share of class A relabelled as B, the classic "make A look like B") or untargeted
 * noise (a share of rows each moved to a different random class).
 */
import type { DatasetArrays } from '@/lib/data/types';
import { fieldPath, scenarioError } from '../errors';
import { randomFor } from '../seeded';
import { pickShare } from '../sample';
import { rowsInMask, type RowMask } from '../row-set';
import { classIndex } from '../selector';
import type { PoisonInjection } from './types';

export function flipClassLabels(
  ds: DatasetArrays,
  injection: { fromClass: string; toClass: string; fraction: number },
  eligible: RowMask,
  seed: number,
  field: string,
): PoisonInjection {
  const from = classIndex(ds, injection.fromClass, fieldPath(field, 'fromClass'));
  const to = classIndex(ds, injection.toClass, fieldPath(field, 'toClass'));
  if (from === to) {
    throw scenarioError('same_class', fieldPath(field, 'toClass'),
      `toClass must differ from fromClass (both are ${JSON.stringify(injection.fromClass)})`);
  }
  const inClass = rowsInMask(eligible, ds.split.train).filter((row) => ds.labels[row] === from);
  if (inClass.length === 0) {
    throw scenarioError('no_poison_candidates', fieldPath(field, 'fromClass'),
      `class ${JSON.stringify(injection.fromClass)} has no training rows to flip` +
        ' (within the selector, if one is given)');
  }
  const rows = pickShare(inClass, injection.fraction, seed, 'injection:rows');
  const labels = ds.labels.slice();
  for (const row of rows) labels[row] = to;
  return { rows, dataset: { ...ds, labels } };
}

export function flipRandomLabels(
  ds: DatasetArrays,
  injection: { fraction: number },
  eligible: RowMask,
  seed: number,
  field: string,
): PoisonInjection {
  const classCount = ds.classNames.length;
  if (classCount < 2) {
    throw scenarioError('too_few_classes', fieldPath(field, 'kind'),
      'random label flips need at least two classes');
  }
  const candidates = rowsInMask(eligible, ds.split.train);
  if (candidates.length === 0) {
    throw scenarioError('no_poison_candidates', 'selector', 'the selector leaves no training rows to flip');
  }
  const rows = pickShare(candidates, injection.fraction, seed, 'injection:rows');
  // A separate stream for the new classes, so changing the row share does not reshuffle them.
  const random = randomFor(seed, 'injection:labels');
  const labels = ds.labels.slice();
  for (const row of rows) {
    // Adding 1..C-1 modulo C always lands on a different class, uniformly.
    labels[row] = (ds.labels[row] + 1 + random.int(classCount - 1)) % classCount;
  }
  return { rows, dataset: { ...ds, labels } };
}
