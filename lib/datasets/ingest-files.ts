/**
 * Turns uploaded files and the user's options into a dataset version (through lib/data), while
 * keeping the original bytes for storage. Errors of the data layer become 422s naming the line,
 * column or entry.
 */
import { DataError, ingestCsv, ingestIdx, ingestImageZip, type ByteSource, type IngestResult, type ProgressCallback } from '@/lib/data';
import { AppError } from '@/lib/errors';
import { uploadLimits } from './limits';
import { keepWhileReading, type KeptFile } from './source-store';
import { FILE_ROLES, inferFormat, type UploadOptions } from './upload-options';

export interface UploadFile {
  /** The multipart field name: file, images, labels, testImages, testLabels. */
  role: string;
  name: string;
  source: ByteSource;
}

export interface IngestedUpload {
  format: 'csv' | 'idx' | 'zip';
  result: IngestResult;
  kept: KeptFile[];
}

export function resolveFormat(options: UploadOptions, files: Array<Pick<UploadFile, 'role' | 'name'>>): 'csv' | 'idx' | 'zip' {
  const format = options.format ?? inferFormat(files.map((f) => f.name));
  if (!format) {
    throw new AppError('validation', 'Could not tell the format from the file names; set options.format to csv, idx or zip.', { field: 'options.format' });
  }
  const allowed: readonly string[] = FILE_ROLES[format];
  for (const f of files) {
    if (!allowed.includes(f.role)) {
      throw new AppError('validation', `A ${format} upload takes the file fields ${allowed.join(', ')}; got "${f.role}".`, { field: f.role });
    }
  }
  return format;
}

export function dataErrorToAppError(err: unknown): unknown {
  if (err instanceof DataError) return new AppError(err.code === 'file_too_large' ? 'payload_too_large' : 'validation', err.message, { reason: err.code, ...err.details });
  return err;
}

export async function ingestUpload(options: UploadOptions, files: UploadFile[], onProgress?: ProgressCallback): Promise<IngestedUpload> {
  const format = resolveFormat(options, files);
  const limits = uploadLimits();
  const wrapped = files.map((f) => ({ role: f.role, ...keepWhileReading(f.role, f.name, f.source), name: f.name }));
  const byRole = new Map(wrapped.map((w) => [w.role, w]));
  const split = { trainFraction: options.trainFraction, splitSeed: options.splitSeed };
  try {
    let result: IngestResult;
    if (format === 'csv' || format === 'zip') {
      const file = byRole.get('file');
      if (!file) throw new AppError('validation', 'Attach the data file in the "file" field.', { field: 'file' });
      result =
        format === 'csv'
          ? await ingestCsv(file.source, { schema: options.columns, limits, onProgress, ...split })
          : await ingestImageZip(file.source, { channels: options.channels, size: options.imageSize, limits, onProgress, ...split });
    } else {
      const images = byRole.get('images');
      const labels = byRole.get('labels');
      if (!images || !labels) throw new AppError('validation', 'An IDX upload needs both "images" and "labels" files.', { field: images ? 'labels' : 'images' });
      const testImages = byRole.get('testImages');
      const testLabels = byRole.get('testLabels');
      if (!!testImages !== !!testLabels) {
        throw new AppError('validation', 'A test pair needs both "testImages" and "testLabels".', { field: testImages ? 'testLabels' : 'testImages' });
      }
      result = await ingestIdx({
        images: images.source,
        labels: labels.source,
        imagesName: images.name,
        labelsName: labels.name,
        test: testImages && testLabels ? { images: testImages.source, labels: testLabels.source, imagesName: testImages.name, labelsName: testLabels.name } : undefined,
        classNames: options.classNames,
        limits,
        onProgress,
        ...split,
      });
    }
    return { format, result, kept: wrapped.map((w) => w.file()) };
  } catch (err) {
    throw dataErrorToAppError(err);
  }
}
