/** What a model reads and predicts for a dataset version, from its stored schema (no arrays needed). */
import type { ColumnSchema, DatasetStats } from '@/lib/data';
import type { ModelIO } from '@/lib/ml/model-spec';

/** A model of `spec` on this data: logistic regression and MLPs read images as flat pixel vectors. */
export function ioForSpec(io: ModelIO, spec: { kind: string }): ModelIO {
  return io.inputShape.length === 3 && spec.kind !== 'cnn' ? { ...io, inputShape: [io.inputShape.reduce((a, b) => a * b, 1)] } : io;
}

export function modelIoOf(version: { kind: string; classNames: string[]; schema: unknown[]; stats: Record<string, unknown> }): ModelIO {
  const stats = version.stats as unknown as DatasetStats;
  if (version.kind === 'image' && stats.image) {
    return { inputShape: [stats.image.height, stats.image.width, stats.image.channels], numClasses: version.classNames.length };
  }
  let width = 0;
  const schema = version.schema as ColumnSchema[];
  for (const column of schema) {
    if (column.role !== 'feature') continue;
    if (column.type === 'numeric') {
      width += 1;
      continue;
    }
    const summary = stats.columns.find((c) => c.name === column.name);
    // One-hot width; an estimate from the stats (the threads encode from the arrays themselves).
    width += summary?.type === 'categorical' ? summary.distinct : 1;
  }
  return { inputShape: [width], numClasses: version.classNames.length };
}
