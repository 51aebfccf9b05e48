import { verifyEntry, withdrawEntry } from '@/lib/benchmarks/service';
import { entryVerifiedResponseSchema, entryWithdrawnResponseSchema } from '@/lib/benchmarks/response-schemas';
import { apiRoute, clientIp, readJson, respond } from '../../../../_lib/handler';
import { verifyEntrySchema } from '../schema';

type Params = { benchmarkId: string; entryId: string };

/** Mark the entry verified or not (owners and reviewers of the benchmark's team; audited). */
export const PATCH = apiRoute<Params>(async ({ req, actor, params }) => {
  const body = await readJson(req, verifyEntrySchema);
  return respond(entryVerifiedResponseSchema, { entry: await verifyEntry(actor, params.benchmarkId, params.entryId, body.verified) });
});

/** Withdraw the entry (its submitting team): off the leaderboard, its share link revoked (audited). */
export const DELETE = apiRoute<Params>(async ({ req, actor, params }) => respond(entryWithdrawnResponseSchema, { entry: await withdrawEntry(actor, params.benchmarkId, params.entryId, clientIp(req)) }));
