/**
 * Server actions validate and authorize the same way (after nextjs/saas-starter):
 * parse FormData with a zod schema, resolve the signed-in user, run, and turn an AppError into
 * an inline form state instead of a crash. Redirects and other framework signals pass through.
 */
import 'server-only';
import type { z } from 'zod';
import { AppError } from '@/lib/errors';
import type { Actor } from './actor';
import { sessionActor } from './next-auth';

export interface ActionState {
  error?: string;
  fieldErrors?: Record<string, string>;
  success?: string;
  /** One-time values the form shows after success (a new token, an invite link). */
  data?: Record<string, string>;
  /** Submitted values echoed back so a refused form keeps what the user typed (never passwords). */
  values?: Record<string, string>;
}

function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === 'string' && !/password/i.test(key) && !key.startsWith('$')) values[key] = value;
  }
  return values;
}

export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || 'form';
    out[key] ??= issue.message;
  }
  return out;
}

function toState(err: unknown, values: Record<string, string>): ActionState {
  if (err instanceof AppError) {
    const field = typeof err.details.field === 'string' ? err.details.field : undefined;
    return field ? { error: err.message, fieldErrors: { [field]: err.message }, values } : { error: err.message, values };
  }
  throw err;
}

type ActionFn<S extends z.ZodType, A> = (data: z.infer<S>, actor: A, formData: FormData) => Promise<ActionState | void>;

function validated<S extends z.ZodType, A>(schema: S, resolve: () => Promise<A>, fn: ActionFn<S, A>) {
  return async (_prev: ActionState, formData: FormData): Promise<ActionState> => {
    const values = formValues(formData);
    try {
      const actor = await resolve();
      const parsed = schema.safeParse(Object.fromEntries(formData));
      if (!parsed.success) {
        const fieldErrors = fieldErrorsOf(parsed.error);
        return { error: Object.values(fieldErrors)[0], fieldErrors, values };
      }
      return (await fn(parsed.data, actor, formData)) ?? {};
    } catch (err) {
      return toState(err, values);
    }
  };
}

/** For signed-out forms (sign-in, sign-up). */
export function validatedAction<S extends z.ZodType>(schema: S, fn: ActionFn<S, null>) {
  return validated(schema, async () => null, fn);
}

/** For everything else: refuses when nobody is signed in. */
export function validatedActionWithUser<S extends z.ZodType>(schema: S, fn: ActionFn<S, Actor>) {
  return validated(
    schema,
    async () => {
      const actor = await sessionActor();
      if (!actor) throw new AppError('unauthorized', 'Your session has ended. Sign in again.');
      return actor;
    },
    fn,
  );
}
