/**
 * Long requests (uploads) can report progress as newline-delimited JSON when the client sends
 * `Accept: application/x-ndjson`: `{"type":"progress",...}` lines, then one final line
 * `{"type":"done","status":201,"result":...}` or `{"type":"error","status":4xx,"error":{...}}`.
 * Without that header the same route answers one plain JSON response.
 */

import type { z } from 'zod';
import type { Wire } from '@/lib/wire';
import { errorResponse, respond } from './handler';

export function wantsProgress(req: Request): boolean {
  return (req.headers.get('accept') ?? '').includes('application/x-ndjson');
}

export type ProgressSink = (event: Record<string, unknown>) => void;

/** `schema` is the result's, in the plain answer and in the final "done" line alike (openapi.ts declares it). */
export function progressResponse<S extends z.ZodType>(req: Request, status: number, schema: S, work: (progress: ProgressSink) => Promise<Wire<z.output<S>>>): Promise<Response> | Response {
  if (!wantsProgress(req)) {
    return work(() => {}).then((result) => respond(schema, result, status));
  }
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: Record<string, unknown>) => controller.enqueue(encoder.encode(JSON.stringify(event) + '\n'));
      let lastSent = 0;
      const progress: ProgressSink = (event) => {
        // At most ~10 progress lines a second: enough for a smooth bar.
        const now = Date.now();
        if (event.type === 'progress' && now - lastSent < 100) return;
        lastSent = now;
        send(event);
      };
      try {
        const result = await work(progress);
        send({ type: 'done', status, result });
      } catch (err) {
        const res = errorResponse(err);
        const body = (await res.json()) as { error: unknown };
        send({ type: 'error', status: res.status, error: body.error });
      }
      controller.close();
    },
  });
  return new Response(stream, { status: 200, headers: { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' } });
}

