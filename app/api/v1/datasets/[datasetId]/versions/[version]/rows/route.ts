import { datasetRows } from '@/lib/datasets/service';
import { datasetRowsPageSchema } from '@/lib/datasets/response-schemas';
import { apiRoute, respond } from '../../../../../_lib/handler';

/** A page of rows for the table view; cells are strings made safe against spreadsheet formula injection. */
export const GET = apiRoute<{ datasetId: string; version: string }>(async ({ req, actor, params }) => {
  const search = new URL(req.url).searchParams;
  const offset = Number(search.get('offset') ?? 0) || 0;
  const limit = Number(search.get('limit') ?? 50) || 50;
  return respond(datasetRowsPageSchema, await datasetRows(actor, params.datasetId, Number(params.version), offset, limit));
});
