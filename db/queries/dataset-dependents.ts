import 'server-only';
import { listScenarioNames } from './scenarios';
import { studiesUsingDataset } from './studies';

export interface DatasetDependents {
  scenarios: Array<{ id: string; name: string }>;
  studies: Array<{ id: string; name: string }>;
}

/** What refers to a dataset: its scenarios, and the studies that use them. */
export async function datasetDependents(datasetId: string): Promise<DatasetDependents> {
  const [scenarios, studies] = await Promise.all([listScenarioNames(datasetId), studiesUsingDataset(datasetId)]);
  return { scenarios, studies };
}
