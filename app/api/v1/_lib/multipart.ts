/**
 * Streams a multipart/form-data request part by part (busboy), so a large CSV flows into the
 * parser as it arrives instead of being buffered. The caller must read each file part's stream
 * to its end (or abandon the request) before asking for the next part.
 */
import Busboy from 'busboy';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { AppError } from '@/lib/errors';

export type MultipartPart =
  | { kind: 'field'; name: string; value: string }
  | { kind: 'file'; name: string; filename: string; stream: AsyncIterable<Uint8Array> };

export interface MultipartLimits {
  maxFileBytes: number;
  maxFiles: number;
}

function limitMessage(bytes: number): string {
  return `A file is larger than this installation's upload limit of ${Math.round(bytes / (1024 * 1024))} MB (LETHE_MAX_UPLOAD_BYTES).`;
}

export async function* multipartParts(req: Request, limits: MultipartLimits): AsyncGenerator<MultipartPart> {
  const contentType = req.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    throw new AppError('bad_request', 'Send the upload as multipart/form-data with an "options" JSON part and the file part(s).');
  }
  if (!req.body) throw new AppError('bad_request', 'The request has no body.');
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (declared > limits.maxFileBytes * Math.max(1, limits.maxFiles) + 1024 * 1024) {
    throw new AppError('payload_too_large', limitMessage(limits.maxFileBytes), { limit: limits.maxFileBytes });
  }

  const queue: Array<MultipartPart | { kind: 'error'; error: unknown } | { kind: 'end' }> = [];
  let wake: (() => void) | null = null;
  const push = (item: (typeof queue)[number]) => {
    queue.push(item);
    wake?.();
    wake = null;
  };

  let busboy: Busboy.Busboy;
  try {
    busboy = Busboy({ headers: { 'content-type': contentType }, limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: 20, fieldSize: 1024 * 1024 } });
  } catch (err) {
    throw new AppError('bad_request', `Malformed multipart request: ${(err as Error).message}`);
  }
  busboy.on('field', (name, value) => push({ kind: 'field', name, value }));
  busboy.on('file', (name, stream, info) => {
    stream.on('limit', () => stream.destroy(new AppError('payload_too_large', limitMessage(limits.maxFileBytes), { limit: limits.maxFileBytes, entry: info.filename })));
    push({ kind: 'file', name, filename: info.filename || name, stream: stream as AsyncIterable<Uint8Array> });
  });
  busboy.on('filesLimit', () => push({ kind: 'error', error: new AppError('validation', `At most ${limits.maxFiles} files per upload.`) }));
  busboy.on('error', (err) => push({ kind: 'error', error: new AppError('bad_request', `Malformed multipart request: ${(err as Error).message}`) }));
  busboy.on('close', () => push({ kind: 'end' }));

  const body = Readable.fromWeb(req.body as unknown as NodeReadableStream<Uint8Array>);
  body.on('error', (err) => push({ kind: 'error', error: err }));
  body.pipe(busboy);

  try {
    for (;;) {
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const item = queue.shift();
      if (!item || item.kind === 'end') return;
      if (item.kind === 'error') throw item.error;
      yield item;
    }
  } finally {
    body.unpipe(busboy);
    releaseBody(body, limits.maxFileBytes * Math.max(1, limits.maxFiles) + 1024 * 1024);
  }
}

/**
 * Lets go of a request body that may still be arriving, without cancelling it. Cancelling the
 * web stream while a read is pending makes undici close it a second time from a microtask,
 * which no one can catch: `uncaughtException: ReadableStream is already closed`. So the rest
 * is read and dropped (the client's bytes are bounded by the upload limit) and, past that,
 * simply left unread: the server discards it when the response ends.
 */
function releaseBody(body: Readable, maxDrainBytes: number): void {
  if (body.readableEnded || body.destroyed) return;
  let drained = 0;
  body.on('error', () => {});
  const onData = (chunk: Uint8Array) => {
    drained += chunk.length;
    if (drained > maxDrainBytes) {
      body.off('data', onData);
      body.pause();
    }
  };
  body.on('data', onData);
  body.resume();
}

/** Reads a file part completely (for formats that need every file before parsing). */
export async function collect(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}
