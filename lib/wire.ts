/**
 * Response bodies as they travel: JSON, in which a Date arrives as an ISO 8601 string. The API's
 * response schemas (app/api/v1/_lib/openapi.ts) describe that JSON, so clients generated from the
 * document and the test that validates real answers read the same thing.
 *
 * `Wire<T>` is what a route may hand to JSON.stringify for a schema whose output is T: the same
 * value, except that an `isoDate` field may still be a Date (Date#toJSON writes the ISO string).
 * The compiler checks each route's body against it, so a route that changes a field's type
 * without changing its schema does not compile.
 */
import { z } from 'zod';

/** A timestamp in a response: ISO 8601 in UTC, as Date#toJSON writes it. */
export const isoDate = z.iso.datetime().brand<'IsoDate'>();

export type IsoDate = z.output<typeof isoDate>;

export type Wire<T> = T extends IsoDate ? Date | string : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

/** A free-form JSON object (a stored metrics record, a manifest, a method's config). */
export const jsonObject = z.record(z.string(), z.unknown());
