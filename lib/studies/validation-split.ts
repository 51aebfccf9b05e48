/**
 * The validation split of a study that sweeps hyperparameters (pure): rows carved from the
 * training split, never from the test set and never from a forget set, so a sweep's choice reads
 * data no reported number is measured on. The carve is seeded from the scenario's forget-set hash,
 * so every seed of a study (and every identical study) carves the same rows; its hash joins the
 * training-data hash, so models trained without those rows are never reused for a study that
 * trains on them, and the other way round.
 */
import type { StudyValidation } from '@/db/schema';
import { createRandom, sampleWithoutReplacement } from '@/lib/random';
import type { ResolvedScenario } from '@/lib/scenarios';
import { hashOf } from './plan';
/** More rows than this add little to a choice among a few grid points and cost evaluation time. */
export const MAX_VALIDATION_ROWS = 10_000;
/** Below this an accuracy moves in steps too coarse to choose by. */
export const MIN_VALIDATION_ROWS = 10;

export interface ValidationSplit {
  fraction: number;
  /** Row ids (ascending) within the dataset version. */
  rows: Int32Array;
  hash: string;
}

/** What a study stores to carve the same rows again and check that it did. */
export type StoredValidation = StudyValidation;

export class ValidationSplitError extends Error {}

/** Training rows no deletion request touches: the only rows a validation split may take. */
function candidates(resolved: ResolvedScenario): Int32Array {
  const forgotten = new Set<number>();
  for (const request of resolved.requests) for (const r of request) forgotten.add(r);
  return resolved.dataset.split.train.filter((r) => !forgotten.has(r));
}

export function carveValidation(resolved: ResolvedScenario, fraction: number): ValidationSplit {
  const pool = candidates(resolved);
  const count = Math.min(MAX_VALIDATION_ROWS, Math.round(pool.length * fraction));
  if (count < MIN_VALIDATION_ROWS) {
    throw new ValidationSplitError(
      `a validation fraction of ${fraction} of the ${pool.length} training rows outside the forget set gives ${count} rows; a sweep needs at least ${MIN_VALIDATION_ROWS}: use a larger fraction or more data.`,
    );
  }
  const seed = Number.parseInt(resolved.forgetSetHash.slice(0, 8), 16) | 0;
  const positions = sampleWithoutReplacement(pool.length, count, createRandom(seed).fork('validation-split'));
  const rows = Int32Array.from(positions, (p) => pool[p]).sort();
  return { fraction, rows, hash: hashOf({ fraction, rows: Array.from(rows) }) };
}

export function storedValidation(split: ValidationSplit): StoredValidation {
  return { fraction: split.fraction, rows: split.rows.length, hash: split.hash };
}

/**
 * The hash of what the study's models train on: the dataset version (split included), the
 * poison of a security scenario, and the rows a sweep set aside for validation.
 */
export function trainingDataHashOf(input: { versionHash: string; poisonHash: string | null; validationHash: string | null }): string {
  const base = input.poisonHash ? hashOf({ version: input.versionHash, poison: input.poisonHash }) : input.versionHash;
  return input.validationHash ? hashOf({ training: base, validation: input.validationHash }) : base;
}
