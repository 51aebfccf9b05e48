/** Dispatches a security scenario's injection to its poison kind. */
import type { DatasetArrays } from '@/lib/data/types';
import type { RowMask } from '../row-set';
import type { Injection } from '../spec';
import { plantBackdoor } from './backdoor';
import { flipClassLabels, flipRandomLabels } from './label-flip';
import type { PoisonInjection } from './types';

/**
 * Poisons training rows within `eligible` (training rows the selector allows) and returns a
 * copy of the dataset with the poison applied. The input dataset is never modified.
 */
export function injectPoison(ds: DatasetArrays, injection: Injection, eligible: RowMask, seed: number): PoisonInjection {
  const field = 'injection';
  switch (injection.kind) {
    case 'labelFlip': return flipClassLabels(ds, injection, eligible, seed, field);
    case 'randomLabelFlip': return flipRandomLabels(ds, injection, eligible, seed, field);
    case 'backdoor': return plantBackdoor(ds, injection, eligible, seed, field);
  }
}
