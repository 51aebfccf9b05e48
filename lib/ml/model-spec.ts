/**
 * Model specs: the JSON stored with studies and runs, validated with zod. A spec is the
 * architecture only; the input shape and class count come from the dataset version
 * (see ModelIO), so one spec serves every dataset of its kind.
 */
import { z } from 'zod';

export const activationSchema = z.enum(['relu', 'tanh', 'elu', 'sigmoid']);
export type Activation = z.infer<typeof activationSchema>;

const dropoutSchema = z.number().min(0).max(0.9).default(0);

export const logisticSpecSchema = z.object({
  kind: z.literal('logistic'),
});

export const mlpSpecSchema = z.object({
  kind: z.literal('mlp'),
  hidden: z.array(z.number().int().min(1).max(4096)).min(1).max(8),
  activation: activationSchema.default('relu'),
  /** Dropout rate after each hidden layer during training. */
  dropout: dropoutSchema,
});

export const convBlockSchema = z.object({
  filters: z.number().int().min(1).max(512),
  kernelSize: z.number().int().min(1).max(11),
  activation: activationSchema.default('relu'),
  padding: z.enum(['valid', 'same']).default('valid'),
  pooling: z.enum(['max', 'avg', 'none']).default('max'),
  poolSize: z.number().int().min(2).max(4).default(2),
});

export const cnnSpecSchema = z.object({
  kind: z.literal('cnn'),
  blocks: z.array(convBlockSchema).min(1).max(6),
  /** Hidden dense layers between the flattened conv output and the class logits. */
  dense: z.array(z.number().int().min(1).max(4096)).max(4).default([]),
  denseActivation: activationSchema.default('relu'),
  dropout: dropoutSchema,
});

export const modelSpecSchema = z.discriminatedUnion('kind', [logisticSpecSchema, mlpSpecSchema, cnnSpecSchema]);

export type LogisticSpec = z.infer<typeof logisticSpecSchema>;
export type MlpSpec = z.infer<typeof mlpSpecSchema>;
export type ConvBlockSpec = z.infer<typeof convBlockSchema>;
export type CnnSpec = z.infer<typeof cnnSpecSchema>;
export type ModelSpec = z.infer<typeof modelSpecSchema>;
/** What callers may write: defaults filled in by parseModelSpec. */
export type ModelSpecInput = z.input<typeof modelSpecSchema>;

/** What the model reads and predicts, fixed by the dataset version. */
export interface ModelIO {
  /** Per-example input shape: [features] for tabular data, [height, width, channels] for images. */
  inputShape: number[];
  numClasses: number;
}

/** Validates a spec (throws a ZodError naming the bad field) and fills in defaults. */
export function parseModelSpec(input: unknown): ModelSpec {
  return modelSpecSchema.parse(input);
}

/** Checks that a spec can read the given input (CNNs need images, sizes must stay positive). */
export function assertSpecFitsInput(spec: ModelSpec, io: ModelIO): void {
  if (io.numClasses < 2) throw new Error(`need at least 2 classes, got ${io.numClasses}`);
  if (spec.kind !== 'cnn') {
    if (io.inputShape.length !== 1) throw new Error(`${spec.kind} needs flat inputs, got shape [${io.inputShape}]`);
    return;
  }
  if (io.inputShape.length !== 3) throw new Error(`cnn needs image inputs [h, w, c], got shape [${io.inputShape}]`);
  let [h, w] = io.inputShape;
  for (const [i, block] of spec.blocks.entries()) {
    if (block.padding === 'valid') {
      h -= block.kernelSize - 1;
      w -= block.kernelSize - 1;
    }
    if (block.pooling !== 'none') {
      h = Math.floor(h / block.poolSize);
      w = Math.floor(w / block.poolSize);
    }
    if (h < 1 || w < 1) throw new Error(`cnn block ${i} shrinks a ${io.inputShape[0]}x${io.inputShape[1]} image to nothing`);
  }
}
