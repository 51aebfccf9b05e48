import 'server-only';
import { listScenarioNames } from './scenarios';

export interface DatasetDependents {
  scenarios: Array<{ id: string; name: string }>;
  studies: Array<{ id: string; name: string }>;
}

/** What refers to a dataset: its scenarios, and the studies that use them. */
export async function datasetDependents(datasetId: string): Promise<DatasetDependents> {
  const scenarios = await listScenarioNames(datasetId);
  return { scenarios, studies: [] };
}
