/**
 * SGD, momentum and Adam applied in JS to Float32Array parameters. Running the update
 * outside tfjs costs one read of the gradients and one upload of the parameters per step,
 * far less than the ~14 kernel launches per variable of tf.train.adam on wasm, and gives
 * the same numbers on every backend for the same gradients. Masks and update capture
 * become plain array operations. Adam, the costliest (a sqrt and a division per weight),
 * runs as a float32 WebAssembly SIMD loop (adam-simd.ts).
 */
import { Float32Adam } from './adam-simd';
import type { OptimizerConfig } from './training-recipe';

export class ParameterOptimizer {
  private readonly config: OptimizerConfig;
  private readonly weightDecay: number;
  private readonly first: Float32Array[];
  /** Adam's moments and its float32 SIMD update (adam-simd.ts). */
  private readonly adam: Float32Adam | null;
  private stepCount = 0;

  constructor(config: OptimizerConfig, sizes: readonly number[], weightDecay = 0) {
    this.config = config;
    this.weightDecay = weightDecay;
    this.first = config.kind === 'momentum' ? sizes.map((n) => new Float32Array(n)) : [];
    this.adam = config.kind === 'adam' ? new Float32Adam(sizes) : null;
  }

  /**
   * The arrays the training loop should update and read the parameters from: for Adam, copies
   * of `values` in its own memory (see Float32Adam.home); otherwise `values` themselves.
   */
  parameterArrays(values: Float32Array[]): Float32Array[] {
    const adam = this.adam;
    return adam ? values.map((v, i) => adam.home(i, v)) : values;
  }

  /** Updates `params` in place from `grads` (which may be modified) at the given rate. */
  step(params: Float32Array[], grads: Float32Array[], learningRate: number): void {
    this.stepCount++;
    const wd = this.weightDecay;
    for (let i = 0; i < params.length; i++) {
      const p = params[i];
      const g = grads[i];
      if (wd > 0) for (let k = 0; k < p.length; k++) g[k] += wd * p[k];
      switch (this.config.kind) {
        case 'sgd':
          for (let k = 0; k < p.length; k++) p[k] -= learningRate * g[k];
          break;
        case 'momentum': {
          const m = this.first[i];
          const mu = this.config.momentum;
          if (this.config.nesterov) {
            for (let k = 0; k < p.length; k++) {
              m[k] = mu * m[k] + g[k];
              p[k] -= learningRate * (g[k] + mu * m[k]);
            }
          } else {
            for (let k = 0; k < p.length; k++) {
              m[k] = mu * m[k] + g[k];
              p[k] -= learningRate * m[k];
            }
          }
          break;
        }
        case 'adam': {
          const { beta1, beta2, epsilon } = this.config;
          const stepSize = learningRate / (1 - Math.pow(beta1, this.stepCount));
          const secondScale = 1 / Math.sqrt(1 - Math.pow(beta2, this.stepCount));
          this.adam?.update(i, p, g, beta1, beta2, stepSize, secondScale, epsilon);
          break;
        }
      }
    }
  }
}
