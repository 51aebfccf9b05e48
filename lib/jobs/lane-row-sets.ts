/**
 * A lane's encoded row sets, kept from one task to the next. A study's tasks ask for the same
 * sets again and again (every run of a scenario has the same retain, forget and test rows, and a
 * run's unlearning and evaluation tasks follow each other), and encoding a Fashion-MNIST retain
 * set costs about 0.25 s of a lane (47 million pixels scaled into fresh memory): about a fifth
 * of a whole study's lane time before this cache.
 *
 * Memory: a task never holds more than its own sets plus, until its first set that is not
 * cached, the sets of the task before it. On that first miss every set this task has not asked
 * for is disposed before the new one is encoded; at the end of a task the sets it did not use go
 * too; and a task whose budget the cached sets would crowd (over half of it) starts with none.
 * So a lane's peak is the larger of two consecutive tasks' own sets, as without the cache.
 */
import type { DatasetArrays } from '../data/types';
import { encodedShape, encodeInputsInto, labelsOf, type EncodingStats } from '../ml/encode-inputs';
import { disposeTensorSet, fillTensorSet, type TensorSet } from '../ml/tensor-set';

interface CachedSet {
  datasetHash: string;
  encodingKey: string;
  set: TensorSet;
  bytes: number;
  /** The task that last asked for it. */
  usedBy: number;
}

function sameRows(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function setBytes(set: TensorSet): number {
  return set.size * (set.inputShape.reduce((a, b) => a * b, 1) + 1) * 4;
}

export class LaneRowSets {
  private cached: CachedSet[] = [];
  private task = 0;
  private missed = false;

  /** Starts a task on `datasetHash`: sets of other datasets go, and all of them when they would crowd its budget. */
  beginTask(datasetHash: string | undefined, budgetBytes?: number): void {
    this.task++;
    this.missed = false;
    const held = this.cached.reduce((sum, c) => sum + c.bytes, 0);
    const crowded = budgetBytes !== undefined && held > budgetBytes / 2;
    this.drop((c) => crowded || c.datasetHash !== datasetHash);
  }

  /**
   * The rows `rows` of `data` encoded with `encoding`, as a tensor set the cache owns: callers
   * must not dispose it or change it.
   */
  rowSet(datasetHash: string, data: DatasetArrays, rows: Int32Array, encoding: EncodingStats): TensorSet {
    const encodingKey = JSON.stringify(encoding);
    const hit = this.cached.find((c) => c.datasetHash === datasetHash && c.encodingKey === encodingKey && sameRows(c.set.rowIds, rows));
    if (hit) {
      hit.usedBy = this.task;
      return hit.set;
    }
    if (!this.missed) {
      this.missed = true;
      this.drop((c) => c.usedBy !== this.task);
    }
    const set = fillTensorSet(encodedShape(encoding), labelsOf(data, rows), rows, (matrix) => encodeInputsInto(data, rows, encoding, matrix));
    this.cached.push({ datasetHash, encodingKey, set, bytes: setBytes(set), usedBy: this.task });
    return set;
  }

  /** Ends the current task: the sets it did not ask for are disposed. */
  endTask(): void {
    this.drop((c) => c.usedBy !== this.task);
  }

  /** How many sets are held (for tests). */
  get size(): number {
    return this.cached.length;
  }

  private drop(matches: (c: CachedSet) => boolean): void {
    const keep: CachedSet[] = [];
    for (const c of this.cached) {
      if (matches(c)) disposeTensorSet(c.set);
      else keep.push(c);
    }
    this.cached = keep;
  }
}
