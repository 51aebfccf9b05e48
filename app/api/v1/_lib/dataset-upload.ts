/**
 * Reads a dataset upload request: the `options` JSON part and the file part(s). When the options
 * come first, a single data file streams straight into the parser; otherwise parts are buffered
 * (up to the upload limit) and parsed once the request is read.
 */
import type { UploadFile } from '@/lib/datasets/ingest-files';
import { uploadLimits } from '@/lib/datasets/limits';
import { AppError } from '@/lib/errors';
import { collect, multipartParts } from './multipart';

export interface UploadRequest<O> {
  options: O | undefined;
  files: UploadFile[];
  /** Set when a file was handed to `onStreamingFile` while the request was still arriving. */
  streamedResult?: unknown;
}

/**
 * Walks the parts. `parseOptions` validates the options part; `onStreamingFile` is called for a
 * single `file` part that arrives after the options, and must consume its stream.
 */
export async function readUpload<O, R>(
  req: Request,
  parseOptions: (raw: string) => O,
  onStreamingFile: ((options: O, file: UploadFile) => Promise<R>) | null,
): Promise<{ options: O | undefined; files: UploadFile[]; streamed?: R }> {
  const limits = uploadLimits();
  let options: O | undefined;
  const files: UploadFile[] = [];
  let streamed: R | undefined;
  for await (const part of multipartParts(req, { maxFileBytes: limits.maxBytes, maxFiles: 4 })) {
    if (part.kind === 'field') {
      if (part.name === 'options') options = parseOptions(part.value);
      continue;
    }
    if (streamed !== undefined) throw new AppError('validation', 'This upload takes a single file; remove the extra file parts.', { field: part.name });
    if (options !== undefined && onStreamingFile && part.name === 'file' && files.length === 0) {
      streamed = await onStreamingFile(options, { role: part.name, name: part.filename, source: part.stream });
    } else {
      files.push({ role: part.name, name: part.filename, source: await collect(part.stream) });
    }
  }
  return { options, files, streamed };
}
