import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { multipartParts } from './multipart';

const BOUNDARY = 'lethe-test-boundary';

/**
 * A request whose body arrives like a slow client's: the first part now, the rest never (the
 * client is still sending when the server refuses). The body is a Node stream, as Next.js
 * hands it to the route.
 */
function slowUpload(): { req: Request; source: PassThrough } {
  const source = new PassThrough();
  const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.zip"\r\nContent-Type: application/zip\r\n\r\n`;
  source.write(Buffer.concat([Buffer.from(head), Buffer.alloc(64 * 1024, 7)]));
  const req = new Request('http://localhost/upload', {
    method: 'POST',
    body: source as unknown as BodyInit,
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    duplex: 'half',
  } as RequestInit);
  return { req, source };
}

describe('multipartParts', () => {
  it('leaves the request body in a sane state when the reader refuses early (no "ReadableStream is already closed")', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      const { req, source } = slowUpload();
      const refusal = (async () => {
        for await (const part of multipartParts(req, { maxFileBytes: 1024 * 1024, maxFiles: 1 })) {
          if (part.kind === 'file') {
            // Refuse once everything sent so far has been read: the body has a read pending.
            for await (const chunk of part.stream) {
              if (chunk.length > 0) {
                await new Promise((r) => setTimeout(r, 30));
                throw new Error('refused early');
              }
            }
          }
        }
      })();
      await expect(refusal).rejects.toThrow('refused early');
      // The client finishes (or gives up) only after the server has answered.
      await new Promise((r) => setTimeout(r, 50));
      source.end();
      await new Promise((r) => setTimeout(r, 100));
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
