/**
 * Image datasets as a ZIP of PNG/JPEG files, one folder per class (folder name = class name).
 * Images are converted to the declared channels and resized to the declared size; with no
 * size declared they must all share one size.
 *
 * Unlike CSV and IDX, a ZIP is read whole: its directory sits at the end of the file, and only
 * the directory lets every name be checked before anything is decompressed. The archive is
 * bounded by `maxBytes`; entries are decoded one at a time into the final pixel buffer. Each
 * entry is inflated with a running count (see zip-reader) and its image size is read from
 * its header and checked against `maxImagePixels` before the image is decoded.
 */

import { DataError } from '../errors';
import { finalizeDataset, type IngestResult, type ProgressCallback, type SplitOptions } from '../finalize';
import { formatBytes, maxImageFileBytes, resolveLimits, type DataLimits } from '../limits';
import { naturalCompare } from '../natural-sort';
import type { ByteSource } from '../stream/byte-source';
import { classImageEntries } from './entry-paths';
import { decodeImage, IMAGE_HEAD_BYTES, imageDimensions, type ImageDimensions } from './image-decode';
import { resizeImage } from './resize';
import { checkDeclaredSize, listZipEntries, readZipEntry, readZipEntryHead, STORED, type ZipEntry } from './zip-reader';

export interface ZipIngestOptions extends SplitOptions {
  channels: 1 | 3;
  /** Resize every image to this size; without it all images must share one size. */
  size?: { height: number; width: number };
  limits?: Partial<DataLimits>;
  onProgress?: ProgressCallback;
}

async function collect(source: ByteSource, limits: DataLimits, onProgress?: ProgressCallback): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (total > limits.maxBytes) {
      throw new DataError('file_too_large', `The ZIP file is larger than ${formatBytes(limits.maxBytes)}, the limit.`, { limit: limits.maxBytes });
    }
    chunks.push(chunk);
    onProgress?.({ bytes: total, rows: 0 });
  }
  const zip = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    zip.set(c, offset);
    offset += c.length;
  }
  return zip;
}

function checkPixels(name: string, dims: ImageDimensions, limits: DataLimits): void {
  if (dims.width * dims.height > limits.maxImagePixels) {
    throw new DataError(
      'image_too_large',
      `ZIP entry ${JSON.stringify(name)} is a ${dims.width}x${dims.height} image (${dims.width * dims.height} pixels), more than ${limits.maxImagePixels} pixels, the limit for one image.`,
      { entry: name, limit: limits.maxImagePixels, found: dims.width * dims.height },
    );
  }
}

/**
 * The entry's bytes, after its header has shown an image within the pixel limit. The head is
 * inflated alone first, so a small file declaring a huge image is refused without inflating
 * (or decoding) the rest; the full read is capped at `maxImageFileBytes`.
 */
function readImageEntry(zip: Uint8Array, entry: ZipEntry, limits: DataLimits): Uint8Array {
  const maxFileBytes = maxImageFileBytes(limits);
  checkDeclaredSize(entry, maxFileBytes);
  if (entry.method === STORED) {
    // Stored bytes are already in memory: check their CRC before trusting the header.
    const bytes = readZipEntry(zip, entry, maxFileBytes);
    const dims = imageDimensions(bytes);
    if (dims) checkPixels(entry.name, dims, limits);
    return bytes;
  }
  const headDims = imageDimensions(readZipEntryHead(zip, entry, IMAGE_HEAD_BYTES));
  if (headDims) checkPixels(entry.name, headDims, limits);
  const bytes = readZipEntry(zip, entry, maxFileBytes);
  if (!headDims) {
    // A JPEG whose frame header sits after more than 64 KB of metadata.
    const dims = imageDimensions(bytes);
    if (dims) checkPixels(entry.name, dims, limits);
  }
  return bytes;
}

export async function ingestImageZip(source: ByteSource, options: ZipIngestOptions): Promise<IngestResult> {
  const limits = resolveLimits(options.limits);
  const { channels, size } = options;
  if (channels !== 1 && channels !== 3) throw new DataError('invalid_option', `Channels must be 1 (greyscale) or 3 (RGB); got ${String(channels)}.`);
  if (size && !(Number.isInteger(size.height) && Number.isInteger(size.width) && size.height > 0 && size.width > 0)) {
    throw new DataError('invalid_option', `The image size must be positive whole numbers; got ${size.height}x${size.width}.`);
  }
  const zip = await collect(source, limits, options.onProgress);
  if (zip.length === 0) throw new DataError('empty_file', 'The ZIP file is empty.');

  // Row order is class then file name (natural order), never the archive's order, so the
  // same images give the same dataset however they were zipped.
  const images = classImageEntries(listZipEntries(zip)).sort(
    (a, b) => naturalCompare(a.className, b.className) || naturalCompare(a.fileName, b.fileName),
  );
  if (images.length === 0) throw new DataError('no_rows', 'The ZIP holds no images; put PNG or JPEG files in one folder per class.');
  if (images.length > limits.maxRows) {
    throw new DataError('too_many_rows', `The ZIP holds ${images.length} images, more than ${limits.maxRows}, the limit.`, { limit: limits.maxRows });
  }
  const classNames = [...new Set(images.map((i) => i.className))].sort(naturalCompare);
  const classCode = new Map(classNames.map((name, code) => [name, code]));

  let shape: { height: number; width: number } | null = size ?? null;
  let firstEntry = '';
  let pixels = new Uint8Array(0);
  const labels = new Int32Array(images.length);
  images.forEach((image, row) => {
    const name = image.entry.name;
    let decoded;
    try {
      decoded = decodeImage(readImageEntry(zip, image.entry, limits), channels, limits.maxImagePixels);
    } catch (e) {
      if (e instanceof DataError) throw e;
      throw new DataError('undecodable_image', `ZIP entry ${JSON.stringify(name)} could not be decoded as an image (${e instanceof Error ? e.message : String(e)}).`, { entry: name });
    }
    if (shape === null) {
      shape = { height: decoded.height, width: decoded.width };
      firstEntry = name;
    } else if (!size && (decoded.height !== shape.height || decoded.width !== shape.width)) {
      throw new DataError(
        'mixed_image_sizes',
        `Mixed image sizes: ZIP entry ${JSON.stringify(name)} is ${decoded.width}x${decoded.height} but ${JSON.stringify(firstEntry)} is ${shape.width}x${shape.height}; declare one size to resize all images to.`,
        { entry: name },
      );
    }
    const imageBytes = shape.height * shape.width * channels;
    if (row === 0) {
      if (imageBytes * images.length > limits.maxBytes) {
        throw new DataError('file_too_large', `The decoded images would take ${formatBytes(imageBytes * images.length)}, more than ${formatBytes(limits.maxBytes)}, the limit.`, {
          limit: limits.maxBytes,
        });
      }
      pixels = new Uint8Array(imageBytes * images.length);
    }
    pixels.set(resizeImage(decoded.data, decoded.height, decoded.width, channels, shape.height, shape.width), row * imageBytes);
    labels[row] = classCode.get(image.className) ?? 0;
    options.onProgress?.({ bytes: zip.length, rows: row + 1 });
  });
  const finalShape = shape ?? { height: 0, width: 0 };
  return finalizeDataset({
    kind: 'image',
    rowCount: images.length,
    columns: [],
    pixels,
    imageShape: { height: finalShape.height, width: finalShape.width, channels },
    labels,
    classNames,
    labelSource: 'The ZIP (one folder per class)',
    groups: [],
    columnSummaries: [],
    droppedRows: 0,
    trainFraction: options.trainFraction,
    splitSeed: options.splitSeed,
    schema: [],
    source: { format: 'zip', bytes: zip.length, entries: images.length },
  });
}
