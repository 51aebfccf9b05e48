import { datasetRows } from '@/lib/datasets/service';
import { apiRoute, json } from '../../../../../_lib/handler';

/** A page of rows for the table view; cells are strings made safe against spreadsheet formula injection. */
export const GET = apiRoute<{ datasetId: string; version: string }>(async ({ req, actor, params }) => {
  const search = new URL(req.url).searchParams;
  const offset = Number(search.get('offset') ?? 0) || 0;
  const limit = Number(search.get('limit') ?? 50) || 50;
  return json(await datasetRows(actor, params.datasetId, Number(params.version), offset, limit));
});
