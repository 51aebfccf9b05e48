import { forgetExamples } from '@/lib/results/study-results-service';
import { AppError } from '@/lib/errors';
import { apiRoute, json } from '../../../../_lib/handler';

function intParam(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new AppError('validation', `${name}: must be a non-negative integer.`, { field: name });
  return n;
}

/** A sample of forget-set rows with each model's prediction for one seed (?seed, ?limit ≤ 96, ?request). */
export const GET = apiRoute<{ studyId: string }>(async ({ req, actor, params }) => {
  const url = new URL(req.url);
  return json(await forgetExamples(actor, params.studyId, { seed: intParam(url, 'seed'), limit: intParam(url, 'limit'), requestIndex: intParam(url, 'request') }));
});
