/**
 * Every /api/v1 route handler is wrapped here: resolve the actor (Bearer token, else the browser
 * session), run, and answer errors in the one JSON shape `{ error: { code, message, details } }`.
 * Authorization itself happens in lib/auth's gate, called by the handler with the actor.
 */
import { z } from 'zod';
import { actorFromAuthorization } from '@/lib/auth/api-tokens';
import type { Actor } from '@/lib/auth/actor';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { AppError } from '@/lib/errors';
import type { Wire } from '@/lib/wire';
import { checkPathParams } from './path-params';
import { DEFAULT_JSON_LIMIT, readLimitedJson, type BodyLimit } from './request-body';

export interface ApiContext<P> {
  req: Request;
  actor: Actor | null;
  params: P;
}

type RouteContext<P> = { params: Promise<P> };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store', ...headers } });
}

/**
 * A JSON answer with the body openapi.ts declares for the route: the schema is the one the
 * document publishes, and the compiler holds the body to it (see lib/wire.ts). It is not parsed
 * at run time: the response tests (openapi-responses.test.ts) validate real answers with it.
 */
export function respond<S extends z.ZodType>(schema: S, body: Wire<z.output<S>>, status = 200, headers: Record<string, string> = {}): Response {
  return json(body, status, headers);
}

export function errorResponse(err: unknown): Response {
  if (err instanceof AppError) {
    const headers: Record<string, string> = {};
    if (err.code === 'rate_limited' && typeof err.details.retryAfterSeconds === 'number') headers['Retry-After'] = String(err.details.retryAfterSeconds);
    return json(err.toJSON(), err.status, headers);
  }
  if (err instanceof z.ZodError) return errorResponse(validationError(err));
  console.error('[api] unexpected error', err);
  return json(new AppError('internal', 'Something went wrong on the server. The error was logged.').toJSON(), 500);
}

export function validationError(err: z.ZodError): AppError {
  const issues = err.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
  const first = issues[0];
  return new AppError('validation', first ? `${first.field ? first.field + ': ' : ''}${first.message}` : 'Invalid input.', { issues });
}

/**
 * Reads a JSON body within its size limit (1 MB unless the route passes a larger one; 413
 * past it) and validates it; a malformed body is a 400, a schema mismatch a 422.
 */
export async function readJson<S extends z.ZodType>(req: Request, schema: S, limit: BodyLimit = DEFAULT_JSON_LIMIT()): Promise<z.infer<S>> {
  const parsed = schema.safeParse(await readLimitedJson(req, limit));
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

/** Reads a JSON body (within its size limit) whose validation happens deeper (it reports field paths of its own). */
export async function readJsonBody(req: Request, limit: BodyLimit = DEFAULT_JSON_LIMIT()): Promise<unknown> {
  return readLimitedJson(req, limit);
}

async function resolveActor(req: Request): Promise<Actor | null> {
  const header = req.headers.get('authorization');
  if (header) return actorFromAuthorization(header);
  // The browser UI calls the API with its session cookie (e.g. uploads with progress).
  if (!req.headers.get('cookie')) return null;
  const { sessionActor } = await import('@/lib/auth/next-auth');
  return sessionActor();
}

export function clientIp(req: Request): string | null {
  return clientIpFrom(req.headers);
}

export function apiRoute<P = Record<string, never>>(fn: (ctx: ApiContext<P>) => Promise<Response>) {
  return async (req: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      const actor = await resolveActor(req);
      const params = (await context?.params) ?? ({} as P);
      checkPathParams(params as Record<string, unknown>);
      return await fn({ req, actor, params });
    } catch (err) {
      return errorResponse(err);
    }
  };
}
