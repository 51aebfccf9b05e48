/**
 * What an original's training captures for the methods that need it (SISA's shard checkpoints,
 * Amnesiac's batch updates, certified removal's perturbation and residual budget). Plain data
 * (typed arrays, numbers), so it survives structured cloning to a worker thread and storage as
 * a blob. Types only: the contract and the methods both import them, and this module imports
 * neither, so there is no cycle between the contract and the method files.
 */
import type { ModelIO, ModelSpec } from '../ml/model-spec';
import type { TrainingRecipe } from '../ml/training-recipe';
import type { EnsembleAggregation } from './predictor';

export interface AmnesiacUpdate {
  /** Captured row ids the batch(es) contained. */
  rowIds: Int32Array;
  /** Sum of the batches' parameter deltas, per parameter in layout order. */
  delta: Float32Array[];
  batches: number;
}

export interface AmnesiacArtifact {
  updates: AmnesiacUpdate[];
}

export interface SisaShard {
  /** Row ids of the shard, slice after slice. */
  rowIds: Int32Array;
  /** End (exclusive) in rowIds of each slice; slice r is rowIds[sliceEnds[r-1] .. sliceEnds[r]). */
  sliceEnds: number[];
  /** Flat weights after training through each slice; the last is the shard model. */
  checkpoints: Float32Array[];
}

export interface SisaArtifact {
  spec: ModelSpec;
  io: ModelIO;
  recipe: TrainingRecipe;
  aggregation: EnsembleAggregation;
  epochsPerSlice: number;
  shards: SisaShard[];
}

/** What certified training leaves for later removals. */
export interface CertifiedArtifact {
  /** L2 strength λ of the mean-form objective. */
  lambda: number;
  /** Standard deviation σ of the loss perturbation. */
  sigma: number;
  /** b, laid out like the logistic model's flat weights: kernel [d, K] row-major, then bias [K]. */
  perturbation: Float32Array;
  /** Gradient-residual bound spent so far, per class (training's own leftover included); the budget applies to their norm. */
  residualSpent: number[];
  /**
   * An upper bound of ‖[X, 1]‖₂ on the training rows (their Frobenius norm), valid for every
   * subset. Absent from artifacts stored before it was kept: then measured at removal time.
   */
  dataNorm?: number;
  /** Rows removed since the model was last trained (skipped if asked again). */
  removedRows: Int32Array;
}

/** Everything an original may carry; each method reads its own entry. */
export interface UnlearningArtifacts {
  amnesiac?: AmnesiacArtifact;
  sisa?: SisaArtifact;
  certified?: CertifiedArtifact;
}
