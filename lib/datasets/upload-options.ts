/**
 * The choices a user makes when uploading a dataset (the UI's schema step and the API's
 * `options` part share this schema).
 */
import { z } from 'zod';

export const columnChoiceSchema = z.object({
  name: z.string().min(1, 'Each column choice needs the column name.'),
  type: z.enum(['numeric', 'categorical']).optional(),
  role: z.enum(['feature', 'label', 'subject', 'sensitive', 'ignore']).optional(),
  missing: z.enum(['drop', 'median', 'mode', 'error']).optional(),
});

export const splitChoiceSchema = z.object({
  trainFraction: z.number().gt(0, 'trainFraction must be between 0 and 1.').lt(1, 'trainFraction must be between 0 and 1.').default(0.8),
  splitSeed: z.number().int('splitSeed must be an integer.').min(0).max(2 ** 31 - 1).default(0),
});

export const datasetNameSchema = z.string().trim().min(1, 'Name the dataset.').max(120, 'A dataset name has at most 120 characters.');
export const datasetDescriptionSchema = z.string().max(5000, 'A description has at most 5,000 characters.');

export const uploadOptionsSchema = z
  .object({
    name: datasetNameSchema,
    description: datasetDescriptionSchema.default(''),
    /** Inferred from the file names when absent. */
    format: z.enum(['csv', 'idx', 'zip']).optional(),
    /** CSV: per-column corrections to the inferred schema. */
    columns: z.array(columnChoiceSchema).max(2000).optional(),
    /** IDX: class names by label index. */
    classNames: z.array(z.string().trim().min(1, 'Class names cannot be empty.')).max(1000).optional(),
    /** ZIP: greyscale or RGB, and the size every image is resized to. */
    channels: z.union([z.literal(1), z.literal(3)]).default(1),
    imageSize: z
      .object({ height: z.number().int().min(4).max(512), width: z.number().int().min(4).max(512) })
      .optional(),
  })
  .extend(splitChoiceSchema.shape);

export type UploadOptions = z.infer<typeof uploadOptionsSchema>;
export type UploadOptionsInput = z.input<typeof uploadOptionsSchema>;

/** The options a version keeps: everything that decides its arrays (not name or description). */
export function versionOptions(o: UploadOptions): Record<string, unknown> {
  return {
    format: o.format,
    columns: o.columns ?? [],
    classNames: o.classNames ?? null,
    channels: o.channels,
    imageSize: o.imageSize ?? null,
    trainFraction: o.trainFraction,
    splitSeed: o.splitSeed,
  };
}

/** The file parts an upload may carry, by format. */
export const FILE_ROLES = {
  csv: ['file'],
  zip: ['file'],
  idx: ['images', 'labels', 'testImages', 'testLabels'],
} as const;

export function inferFormat(fileNames: string[]): 'csv' | 'idx' | 'zip' | undefined {
  const lower = fileNames.map((n) => n.toLowerCase());
  if (lower.some((n) => /idx\d-ubyte(\.gz)?$/.test(n) || /-ubyte(\.gz)?$/.test(n))) return 'idx';
  if (lower.length === 1 && lower[0].endsWith('.zip')) return 'zip';
  if (lower.length === 1 && /\.(csv|tsv|txt)(\.gz)?$/.test(lower[0])) return 'csv';
  return undefined;
}
