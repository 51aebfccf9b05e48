/**
 * SISA training and unlearning (Bourtoule et al. 2021): Sharded, Isolated, Sliced,
 * Aggregated. The training rows are split into S disjoint shards with one model each; each
 * shard's rows are split into R slices and its model is trained incrementally (slices
 * 1..r for epochsPerSlice epochs at stage r), saving a checkpoint after each slice.
 * Predictions aggregate the shard models by majority vote or averaged softmax.
 * Deleting rows retrains only the shards that held them, from the checkpoint of the last
 * slice before the first slice holding a deleted row: exact unlearning at a fraction of the
 * cost. Because this changes how the original is trained (trainSisa), a study's SISA
 * original is trained this way and its unlearning cost is honest.
 * Epochs per slice follow the paper's budget-matching rule: e_r = max(1, round(2e/(R+1)))
 * so the total work is about that of e epochs on the shard.
 */
import { z } from 'zod';
import { Model } from '../../ml/model';
import type { ModelIO, ModelSpec } from '../../ml/model-spec';
import { disposeTensorSet, type TensorSet } from '../../ml/tensor-set';
import { train } from '../../ml/train';
import type { TrainingRecipe } from '../../ml/training-recipe';
import { createRandom, permutation } from '../../random';
import type { SisaArtifact, SisaShard } from '../artifacts';
import { defineMethod, type UnlearningProgress } from '../contract';
import { secondsSince, subsetByRowIds } from '../common';
import { EnsemblePredictor, type EnsembleAggregation } from '../predictor';

export const sisaTrainingConfigSchema = z.object({
  shards: z.number().int().min(1).max(64).default(5),
  slices: z.number().int().min(1).max(64).default(4),
  aggregation: z.enum(['vote', 'softmax']).default('softmax'),
});
export type SisaTrainingConfig = z.infer<typeof sisaTrainingConfigSchema>;

export function epochsPerSlice(epochs: number, slices: number): number {
  return Math.max(1, Math.round((2 * epochs) / (slices + 1)));
}

interface ShardTraining {
  artifact: SisaArtifact;
  shardIndex: number;
  /** First slice to (re)train; earlier checkpoints are kept. */
  fromSlice: number;
  /** A set holding every row of the shard. */
  data: TensorSet;
  signal?: AbortSignal;
  onSlice(): void;
}

function sliceSeed(recipe: TrainingRecipe, shard: number, slice: number): number {
  return createRandom(recipe.seed).fork(`sisa:${shard}:${slice}`).int(2147483647);
}

/** Trains a shard's slices fromSlice..R-1, replacing their checkpoints. */
async function trainShardSlices(job: ShardTraining): Promise<void> {
  const { artifact, shardIndex, fromSlice } = job;
  const shard = artifact.shards[shardIndex];
  const model =
    fromSlice === 0
      ? Model.create(artifact.spec, artifact.io, sliceSeed(artifact.recipe, shardIndex, -1))
      : Model.fromValues(artifact.spec, artifact.io, splitCheckpoint(artifact, shard.checkpoints[fromSlice - 1]));
  try {
    for (let r = fromSlice; r < shard.sliceEnds.length; r++) {
      const rows = shard.rowIds.subarray(0, shard.sliceEnds[r]);
      if (rows.length > 0) {
        const set = subsetByRowIds(job.data, rows);
        try {
          await train({
            model,
            set,
            recipe: { ...artifact.recipe, epochs: artifact.epochsPerSlice, batchSize: Math.min(artifact.recipe.batchSize, rows.length), seed: sliceSeed(artifact.recipe, shardIndex, r) },
            signal: job.signal,
          });
        } finally {
          disposeTensorSet(set);
        }
      }
      shard.checkpoints[r] = model.flatWeights();
      job.onSlice();
    }
  } finally {
    model.dispose();
  }
}

function splitCheckpoint(artifact: SisaArtifact, flat: Float32Array): Float32Array[] {
  const probe = Model.create(artifact.spec, artifact.io, 0);
  const out: Float32Array[] = [];
  let offset = 0;
  for (const p of probe.layout) {
    out.push(flat.slice(offset, offset + p.size));
    offset += p.size;
  }
  probe.dispose();
  return out;
}

/** The ensemble of the shards' final checkpoints. */
export function sisaEnsemble(artifact: SisaArtifact, aggregation: EnsembleAggregation = artifact.aggregation): EnsemblePredictor {
  const members = artifact.shards.map((shard) => {
    const model = Model.create(artifact.spec, artifact.io, 0);
    model.setFlatWeights(shard.checkpoints[shard.checkpoints.length - 1]);
    return model;
  });
  return new EnsemblePredictor(members, aggregation);
}

export interface TrainSisaOptions {
  spec: ModelSpec;
  io: ModelIO;
  recipe: TrainingRecipe;
  train: TensorSet;
  config?: Partial<SisaTrainingConfig>;
  signal?: AbortSignal;
  progress?(progress: UnlearningProgress): void;
}

/** Trains the original model the SISA way; returns the ensemble and the artifact unlearning needs. */
export async function trainSisa(options: TrainSisaOptions): Promise<{ ensemble: EnsemblePredictor; artifact: SisaArtifact }> {
  const config = sisaTrainingConfigSchema.parse(options.config ?? {});
  const { train: data, recipe } = options;
  if (data.size < config.shards * config.slices) throw new Error(`SISA needs at least ${config.shards * config.slices} rows for ${config.shards} shards x ${config.slices} slices, got ${data.size}`);
  const order = permutation(data.size, createRandom(recipe.seed).fork('sisa-shards'));
  const shards: SisaShard[] = [];
  for (let s = 0; s < config.shards; s++) {
    const begin = Math.floor((s * data.size) / config.shards);
    const end = Math.floor(((s + 1) * data.size) / config.shards);
    const rowIds = Int32Array.from(order.subarray(begin, end), (position) => data.rowIds[position]);
    const sliceEnds = Array.from({ length: config.slices }, (_, r) => Math.floor(((r + 1) * rowIds.length) / config.slices));
    shards.push({ rowIds, sliceEnds, checkpoints: [] });
  }
  const artifact: SisaArtifact = {
    spec: options.spec,
    io: { inputShape: [...options.io.inputShape], numClasses: options.io.numClasses },
    recipe,
    aggregation: config.aggregation,
    epochsPerSlice: epochsPerSlice(recipe.epochs, config.slices),
    shards,
  };
  let done = 0;
  const total = config.shards * config.slices;
  for (let s = 0; s < config.shards; s++) {
    await trainShardSlices({
      artifact,
      shardIndex: s,
      fromSlice: 0,
      data,
      signal: options.signal,
      onSlice: () => options.progress?.({ phase: 'sisa-train', fraction: ++done / total }),
    });
  }
  return { ensemble: sisaEnsemble(artifact), artifact };
}

function copyArtifact(artifact: SisaArtifact): SisaArtifact {
  return {
    ...artifact,
    shards: artifact.shards.map((s) => ({ rowIds: s.rowIds, sliceEnds: [...s.sliceEnds], checkpoints: [...s.checkpoints] })),
  };
}

export const sisaConfigSchema = z.object({
  // Shards and slices shape the SISA original this method starts from: they are part of the
  // method's settings (and of that original's hash), not only of its training.
  shards: sisaTrainingConfigSchema.shape.shards,
  slices: sisaTrainingConfigSchema.shape.slices,
  /** Aggregation of the shard models; the one chosen at training when omitted. */
  aggregation: z.enum(['vote', 'softmax']).optional(),
});

export const sisa = defineMethod({
  id: 'sisa',
  name: 'SISA',
  kind: 'exact',
  description: 'The model is an ensemble of shard models trained slice by slice with checkpoints; deleting rows retrains only the shards that held them, from the last checkpoint before those rows were seen.',
  citation: {
    authors: 'L. Bourtoule, V. Chandrasekaran, C. A. Choquette-Choo, H. Jia, A. Travers, B. Zhang, D. Lie, N. Papernot',
    year: 2021,
    title: 'Machine Unlearning',
    venue: 'IEEE Symposium on Security and Privacy',
  },
  configSchema: sisaConfigSchema,
  async run({ retain, forget, config, context }) {
    const started = performance.now();
    const original = context.artifacts.sisa;
    if (!original) throw new Error('SISA unlearning needs the original trained with trainSisa (shards, slices, checkpoints); none was given');
    const artifact = copyArtifact(original);
    const forgetRows = new Set(forget.rowIds);
    const jobs: { shardIndex: number; fromSlice: number }[] = [];
    artifact.shards.forEach((shard, shardIndex) => {
      let firstSlice = -1;
      for (let i = 0; i < shard.rowIds.length && firstSlice < 0; i++) {
        if (forgetRows.has(shard.rowIds[i])) firstSlice = shard.sliceEnds.findIndex((end) => i < end);
      }
      if (firstSlice < 0) return;
      // drop the deleted rows, shrinking each slice's end accordingly
      const kept: number[] = [];
      const sliceEnds = shard.sliceEnds.map(() => 0);
      let slice = 0;
      for (let i = 0; i < shard.rowIds.length; i++) {
        while (i >= shard.sliceEnds[slice]) slice++;
        if (!forgetRows.has(shard.rowIds[i])) kept.push(shard.rowIds[i]);
        sliceEnds[slice] = kept.length;
      }
      for (let r = 1; r < sliceEnds.length; r++) sliceEnds[r] = Math.max(sliceEnds[r], sliceEnds[r - 1]);
      shard.rowIds = Int32Array.from(kept);
      shard.sliceEnds = sliceEnds;
      jobs.push({ shardIndex, fromSlice: firstSlice });
    });
    const totalSlices = jobs.reduce((n, j) => n + artifact.shards[j.shardIndex].sliceEnds.length - j.fromSlice, 0);
    let done = 0;
    for (const job of jobs) {
      await trainShardSlices({
        artifact,
        ...job,
        data: retain,
        signal: context.signal,
        onSlice: () => context.progress({ phase: 'sisa-retrain', fraction: ++done / Math.max(totalSlices, 1) }),
      });
    }
    const model = sisaEnsemble(artifact, config.aggregation ?? artifact.aggregation);
    return {
      model,
      artifacts: { ...context.artifacts, sisa: artifact },
      stats: {
        retrained: true,
        seconds: secondsSince(started),
        shardsRetrained: jobs.length,
        slicesRetrained: totalSlices,
        totalShards: artifact.shards.length,
        totalSlices: artifact.shards.reduce((n, s) => n + s.sliceEnds.length, 0),
      },
    };
  },
});
