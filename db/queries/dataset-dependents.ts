import 'server-only';

export interface DatasetDependents {
  scenarios: Array<{ id: string; name: string }>;
  studies: Array<{ id: string; name: string }>;
}

/**
 * What refers to a dataset: its scenarios and the studies that use them. Scenarios and studies
 * join this query as those features land; a dataset nothing refers to answers empty lists.
 */
export async function datasetDependents(_datasetId: string): Promise<DatasetDependents> {
  return { scenarios: [], studies: [] };
}
