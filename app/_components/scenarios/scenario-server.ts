/**
 * Server-side helpers of the scenario pages: the gate's errors rendered the page way, and the
 * dataset summary the builder needs (computed from the decoded arrays, sent as small JSON).
 */
import 'server-only';
import { notFound } from 'next/navigation';
import { orPageError } from '@/app/_lib/page-gate';
import type { Actor } from '@/lib/auth/actor';
import type { TeamAccess } from '@/lib/auth/gate';
import { adminCan, roleCan } from '@/lib/auth/permissions';
import { datasetDetails } from '@/lib/datasets/service';
import { loadDatasetArrays } from '@/lib/datasets/dataset-cache';
import { listPredicateColumns } from '@/lib/scenarios/columns';
import type { ScenarioDatasetSummary, SummaryColumn } from './scenario-model';

/** Long category lists (thousands of subject ids) would bloat the page; the rest can be typed or pasted. */
const MAX_CATEGORIES = 500;
const MAX_SUBJECT_IDS = 5000;


/**
 * The dataset (checked to belong to the team in the URL, so a guessed id of another team's
 * dataset is not found even for a member of both) and the summary of one of its versions.
 */
export async function scenarioDatasetSummary(actor: Actor, teamId: string, datasetId: string, versionNumber?: number): Promise<ScenarioDatasetSummary> {
  const details = await orPageError(datasetDetails(actor, datasetId));
  if (details.dataset.teamId !== teamId) notFound();
  const wanted = versionNumber ?? details.dataset.latestVersion;
  const version = details.versions.find((v) => v.version === wanted);
  if (!version) notFound();
  const { dataset: ds } = await loadDatasetArrays(version.id);
  const columns: SummaryColumn[] = listPredicateColumns(ds).map((c) =>
    c.categories && c.categories.length > MAX_CATEGORIES ? { ...c, categories: c.categories.slice(0, MAX_CATEGORIES), categoriesTruncated: true } : c,
  );
  return {
    teamId,
    datasetId,
    datasetName: details.dataset.name,
    version: version.version,
    latestVersion: details.dataset.latestVersion,
    kind: ds.kind,
    rowCount: ds.rowCount,
    trainCount: ds.split.train.length,
    testCount: ds.split.test.length,
    classNames: ds.classNames,
    imageShape: ds.imageShape,
    subjects: ds.subjects
      ? { name: ds.subjects.name, count: ds.subjects.values.length, values: ds.subjects.values.slice(0, MAX_SUBJECT_IDS), truncated: ds.subjects.values.length > MAX_SUBJECT_IDS }
      : undefined,
    groups: ds.groups.map((g) => ({ name: g.name, values: g.values })),
    columns,
  };
}

/** Whether the page should offer create/edit/duplicate/delete (the gate decides again on submit). */
export function canWriteScenarios(access: TeamAccess): boolean {
  return access.role ? roleCan(access.role, 'team.write') : adminCan('team.write');
}
