/**
 * A model: its spec, what it reads, and one tensor per parameter. Owns its tensors:
 * call dispose() when done. Flat weight helpers serve weight distance, Fisher/SSD
 * dampening and certified removal.
 */
import * as tf from '@tensorflow/tfjs';
import { parseModelSpec, type ModelIO, type ModelSpec, type ModelSpecInput } from './model-spec';
import { forwardLogits, initialValues, paramLayout, type ForwardOptions, type ParamInfo } from './network';

export class Model {
  readonly spec: ModelSpec;
  readonly io: ModelIO;
  readonly layout: ParamInfo[];
  private tensors: tf.Tensor[];
  /**
   * Values that replaced the tensors and are not uploaded yet (trackValues): the training
   * loop's optimizer arrays. An ONNX Runtime step never reads the tensors, so uploading every
   * step's parameters to TensorFlow.js (400 KB a step for an MLP 784-128-10) was wasted work.
   */
  private pending: readonly Float32Array[] | null = null;

  private constructor(spec: ModelSpec, io: ModelIO, values: readonly Float32Array[]) {
    this.spec = spec;
    this.io = { inputShape: [...io.inputShape], numClasses: io.numClasses };
    this.layout = paramLayout(spec, this.io);
    this.tensors = [];
    this.setValues(values);
  }

  /** A freshly initialised model; the same seed gives the same weights on every backend. */
  static create(spec: ModelSpecInput | ModelSpec, io: ModelIO, seed: number): Model {
    const parsed = parseModelSpec(spec);
    return new Model(parsed, io, initialValues(paramLayout(parsed, io), seed));
  }

  /** A model with the given per-parameter values (copied). */
  static fromValues(spec: ModelSpecInput | ModelSpec, io: ModelIO, values: readonly Float32Array[]): Model {
    return new Model(parseModelSpec(spec), io, values);
  }

  /** The current parameter tensors, ordered as `layout`. Do not dispose them. */
  get params(): readonly tf.Tensor[] {
    return this.current();
  }

  get parameterCount(): number {
    return this.layout.reduce((sum, p) => sum + p.size, 0);
  }

  /** Logits [batch, classes] for inputs shaped [batch, ...io.inputShape]. */
  forward(x: tf.Tensor, options: ForwardOptions = {}): tf.Tensor2D {
    return forwardLogits(this.spec, this.current(), x, options);
  }

  /** Copies of the parameter values, ordered as `layout`. */
  values(): Float32Array[] {
    if (this.pending) return this.pending.map((v) => Float32Array.from(v));
    return this.tensors.map((t) => Float32Array.from(t.dataSync() as Float32Array));
  }

  /** Replaces every parameter (values are copied into new tensors). */
  setValues(values: readonly Float32Array[]): void {
    this.checkValues(values);
    const next = this.layout.map((p, i) => tf.tensor(values[i], p.shape, 'float32'));
    this.disposeTensors();
    this.tensors = next;
  }

  /**
   * The parameters are now `values`, arrays the caller goes on updating in place (the training
   * loop's optimizer does, step after step): tensors are made from them the next time anything
   * reads the model, with the values of that moment. The caller must not change them after it
   * stops training the model.
   */
  trackValues(values: readonly Float32Array[]): void {
    this.checkValues(values);
    this.pending = values;
  }

  /** All parameters concatenated in layout order. */
  flatWeights(): Float32Array {
    const flat = new Float32Array(this.parameterCount);
    let offset = 0;
    for (const v of this.pending ?? this.tensors.map((t) => t.dataSync() as Float32Array)) {
      flat.set(v, offset);
      offset += v.length;
    }
    return flat;
  }

  setFlatWeights(flat: Float32Array): void {
    if (flat.length !== this.parameterCount) throw new Error(`expected ${this.parameterCount} weights, got ${flat.length}`);
    this.setValues(splitFlat(this.layout, flat));
  }

  clone(): Model {
    return new Model(this.spec, this.io, this.values());
  }

  dispose(): void {
    this.disposeTensors();
  }

  private checkValues(values: readonly Float32Array[]): void {
    if (values.length !== this.layout.length) throw new Error(`expected ${this.layout.length} parameter arrays, got ${values.length}`);
    this.layout.forEach((p, i) => {
      if (values[i].length !== p.size) throw new Error(`parameter ${p.name} needs ${p.size} values, got ${values[i].length}`);
    });
  }

  /** The parameter tensors, made from pending values first (kept, so an enclosing tf.tidy does not dispose them). */
  private current(): tf.Tensor[] {
    const values = this.pending;
    if (values) {
      const next = this.layout.map((p, i) => tf.keep(tf.tensor(values[i], p.shape, 'float32')));
      this.disposeTensors();
      this.tensors = next;
    }
    return this.tensors;
  }

  private disposeTensors(): void {
    for (const t of this.tensors) t.dispose();
    this.tensors = [];
    this.pending = null;
  }
}

/** Splits a flat weight vector into per-parameter views (no copy). */
export function splitFlat(layout: readonly ParamInfo[], flat: Float32Array): Float32Array[] {
  const out: Float32Array[] = [];
  let offset = 0;
  for (const p of layout) {
    out.push(flat.subarray(offset, offset + p.size));
    offset += p.size;
  }
  return out;
}
