/**
 * The memory bound of one ML run. Every pool thread starts with a V8 heap limit of
 * LETHE_RUN_MEMORY_MB (the cap); each task also gets a budget sized from the plan's estimate
 * of that run (never above the cap), which the thread checks against what it holds: its JS
 * heap, its typed arrays and the live tensors of its wasm heap (all outside the JS heap, so
 * the V8 limit alone would miss them). A run over its budget fails alone with a
 * RunMemoryError; the thread is replaced and the process serving pages carries on.
 */
import os from 'node:os';

const MB = 1024 * 1024;

/** Smallest budget a run gets: a thread with the ML backend loaded and a small dataset. */
export const MIN_RUN_BUDGET_MB = 384;

/** The estimate is a model, not a measurement: the budget leaves this much room above it. */
const ESTIMATE_SLACK = 1.5;

/**
 * LETHE_RUN_MEMORY_MB, or by default 2048 MB but no more than a quarter of the machine's
 * memory (two runs at once plus the web process must fit).
 */
export function runMemoryCapMb(): number {
  const fromEnv = Number(process.env.LETHE_RUN_MEMORY_MB);
  if (Number.isFinite(fromEnv) && fromEnv > 0) return Math.floor(fromEnv);
  return Math.max(MIN_RUN_BUDGET_MB, Math.min(2048, Math.floor(os.totalmem() / MB / 4)));
}

/** The budget of a run whose plan estimated `estimateBytes` at its peak (capped by LETHE_RUN_MEMORY_MB). */
export function runBudgetMb(estimateBytes: number, capMb = runMemoryCapMb()): number {
  const wanted = Math.max(MIN_RUN_BUDGET_MB, Math.ceil((estimateBytes / MB) * ESTIMATE_SLACK));
  return Math.min(capMb, wanted);
}

export function bytesToMb(bytes: number): number {
  return Math.ceil(bytes / MB);
}

/** A run stopped because it held more memory than its budget. */
export class RunMemoryError extends Error {
  /** What the run needs at least: the larger of the plan's estimate and what it had reached. */
  readonly neededMb: number;
  readonly limitMb: number;
  constructor(neededMb: number, limitMb: number, detail = '') {
    super(`This run needs ~${neededMb} MB, the limit is ${limitMb} MB: use fewer epochs/rows or raise LETHE_RUN_MEMORY_MB.${detail ? ` (${detail})` : ''}`);
    this.name = 'RunMemoryError';
    this.neededMb = neededMb;
    this.limitMb = limitMb;
  }
}
