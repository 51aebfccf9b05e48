/**
 * MNIST-style image datasets: an IDX images file and an IDX labels file, plain or gzip, plus
 * optionally a test pair that then is the test split (rows: train first, then test). Pixels
 * stay one byte each.
 */

import { DataError } from '../errors';
import { finalizeDataset, type IngestResult, type ProgressCallback, type SplitOptions } from '../finalize';
import { resolveLimits, type DataLimits } from '../limits';
import { presetSplit } from '../split';
import { countingSource, type ByteSource } from '../stream/byte-source';
import { maybeGunzip } from '../stream/gunzip';
import type { ImageShape } from '../types';
import { readIdx, type IdxKind } from './idx-reader';

export interface IdxPair {
  images: ByteSource;
  labels: ByteSource;
  /** File names, used in error messages. */
  imagesName?: string;
  labelsName?: string;
}

export interface IdxIngestOptions extends IdxPair, SplitOptions {
  /** A separate test pair; when given it is the test split (no random split). */
  test?: IdxPair;
  /** Names for label values 0..n-1; a label outside them is an error. Default: "0".."max". */
  classNames?: string[];
  limits?: Partial<DataLimits>;
  onProgress?: ProgressCallback;
}

interface ReadPair {
  pixels: Uint8Array;
  labels: Uint8Array;
  shape: ImageShape;
  labelsName: string;
}

async function readPair(pair: IdxPair, fallback: string, limits: DataLimits, progress: (bytes: number, rows: number) => void): Promise<ReadPair> {
  const imagesName = pair.imagesName ?? `${fallback} images`;
  const labelsName = pair.labelsName ?? `${fallback} labels`;
  const read = (source: ByteSource, name: string, kind: IdxKind, imageBytes: () => number) =>
    readIdx(
      maybeGunzip(countingSource(source, (n) => progress(n, 0)), name, limits.maxBytes),
      name,
      kind,
      limits,
      (filled) => progress(0, Math.floor(filled / imageBytes())),
    );
  let imageSize = 1;
  const images = await read(pair.images, imagesName, 'images', () => imageSize);
  const [count, height, width] = images.dims;
  imageSize = height * width;
  const labels = await read(pair.labels, labelsName, 'labels', () => Infinity);
  if (labels.dims[0] !== count) {
    throw new DataError(
      'count_mismatch',
      `${imagesName} holds ${count} images but ${labelsName} holds ${labels.dims[0]} labels; they must be the same number.`,
      { entry: labelsName, expected: count, found: labels.dims[0] },
    );
  }
  return { pixels: images.data, labels: labels.data, shape: { height, width, channels: 1 }, labelsName };
}

function resolveClassNames(parts: ReadPair[], classNames: string[] | undefined): string[] {
  let max = 0;
  for (const part of parts) {
    for (let i = 0; i < part.labels.length; i++) {
      const label = part.labels[i];
      if (classNames && label >= classNames.length) {
        throw new DataError(
          'label_out_of_range',
          `${part.labelsName}: label ${label} of item ${i} has no class name; ${classNames.length} class names were given (labels 0 to ${classNames.length - 1}).`,
          { entry: part.labelsName, found: label, expected: classNames.length },
        );
      }
      if (label > max) max = label;
    }
  }
  return classNames ? [...classNames] : Array.from({ length: max + 1 }, (_, i) => String(i));
}

export async function ingestIdx(options: IdxIngestOptions): Promise<IngestResult> {
  const limits = resolveLimits(options.limits);
  let bytes = 0;
  let rowsBefore = 0;
  let rows = 0;
  const progress = (newBytes: number, rowsInFile: number): void => {
    bytes += newBytes;
    if (newBytes === 0) rows = rowsBefore + rowsInFile;
    options.onProgress?.({ bytes, rows });
  };
  const train = await readPair(options, 'train', limits, progress);
  rowsBefore = train.labels.length;
  const test = options.test ? await readPair(options.test, 'test', limits, progress) : null;
  if (test && (test.shape.height !== train.shape.height || test.shape.width !== train.shape.width)) {
    throw new DataError(
      'shape_mismatch',
      `The test images are ${test.shape.height}x${test.shape.width} but the training images are ${train.shape.height}x${train.shape.width}; they must match.`,
      { entry: options.test?.imagesName ?? 'test images' },
    );
  }
  const parts = test ? [train, test] : [train];
  const rowCount = parts.reduce((n, p) => n + p.labels.length, 0);
  if (rowCount > limits.maxRows) {
    throw new DataError('too_many_rows', `The dataset has ${rowCount} images, more than ${limits.maxRows}, the limit.`, { limit: limits.maxRows });
  }
  const classNames = resolveClassNames(parts, options.classNames);

  let pixels = train.pixels;
  const labels = new Int32Array(rowCount);
  labels.set(train.labels);
  if (test) {
    pixels = new Uint8Array(train.pixels.length + test.pixels.length);
    pixels.set(train.pixels);
    pixels.set(test.pixels, train.pixels.length);
    labels.set(test.labels, train.labels.length);
  }
  return finalizeDataset({
    kind: 'image',
    rowCount,
    columns: [],
    pixels,
    imageShape: train.shape,
    labels,
    classNames,
    labelSource: 'The labels file',
    groups: [],
    columnSummaries: [],
    droppedRows: 0,
    presetSplit: test ? presetSplit(train.labels.length, test.labels.length) : undefined,
    trainFraction: options.trainFraction,
    splitSeed: options.splitSeed,
    schema: [],
    source: { format: 'idx', bytes, testPair: test !== null },
  });
}
