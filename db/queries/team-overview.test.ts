/**
 * The team overview's queries on a real (PGlite) database: which studies still have work, how
 * their runs stand, which wait for review, and the recent audit events, each team's only.
 */
import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { irisForgetSetosa, makeTeam } from '@/test/factories';
import { getDb } from '../client';
import { datasetVersions, runs } from '../schema';
import { listAudit } from './audit';
import { appendReviewEvent } from './reviews';
import { insertStudyWithRuns, type NewRun } from './studies';
import { listActiveStudies, listStudiesInReview } from './team-overview';

async function teamWithScenario() {
  const { team, owner, members } = await makeTeam(['reviewer']);
  const { dataset, scenario } = await irisForgetSetosa(owner, team);
  const db = await getDb();
  const [version] = await db.select({ id: datasetVersions.id }).from(datasetVersions).where(eq(datasetVersions.datasetId, dataset.id));
  return { team, owner, reviewer: members.reviewer, dataset, scenario, versionId: version.id };
}

type Setup = Awaited<ReturnType<typeof teamWithScenario>>;

/** A study whose runs have the given statuses (set directly: no worker runs in this test). */
async function studyWithStatuses(s: Setup, name: string, statuses: Array<(typeof runs.$inferSelect)['status']>) {
  const planned: NewRun[] = statuses.map((_, i) => ({
    id: crypto.randomUUID(),
    kind: 'unlearned',
    variant: 'standard',
    methodId: 'finetune',
    methodConfig: {},
    seed: i,
    requestIndex: 0,
    dependsOn: [],
    inputHash: crypto.randomUUID(),
    reusedFromRunId: null,
  }));
  const { study } = await insertStudyWithRuns(
    { teamId: s.team.id, scenarioId: s.scenario.id, datasetId: s.dataset.id, datasetVersionId: s.versionId, name, description: '', modelSpec: { kind: 'mlp' }, recipe: {}, seeds: statuses.map((_, i) => i), methods: [], reproducedFrom: null, createdBy: s.owner.id },
    planned,
  );
  const db = await getDb();
  for (const [i, status] of statuses.entries()) await db.update(runs).set({ status }).where(eq(runs.id, planned[i].id));
  return study;
}

describe('listActiveStudies', () => {
  it('lists studies with runs still to do, with their run counts, running ones first', async () => {
    const s = await teamWithScenario();
    const queuedOnly = await studyWithStatuses(s, 'Queued only', ['queued', 'waiting', 'succeeded']);
    const running = await studyWithStatuses(s, 'Running', ['running', 'queued', 'succeeded', 'failed', 'cancelled']);
    await studyWithStatuses(s, 'Finished', ['succeeded', 'failed']);
    const rows = await listActiveStudies(s.team.id);
    expect(rows.map((r) => r.name)).toEqual(['Running', 'Queued only']);
    expect(rows[0]).toMatchObject({ id: running.id, scenarioName: 'Forget setosa', running: 1, queued: 1, succeeded: 1, ended: 2, total: 5 });
    expect(rows[1]).toMatchObject({ id: queuedOnly.id, running: 0, queued: 2, succeeded: 1, ended: 0, total: 3 });
  });

  it('shows no other team’s studies and honours the limit', async () => {
    const s = await teamWithScenario();
    const other = await teamWithScenario();
    await studyWithStatuses(other, 'Other team', ['running']);
    expect(await listActiveStudies(s.team.id)).toEqual([]);
    await studyWithStatuses(s, 'One', ['queued']);
    await studyWithStatuses(s, 'Two', ['queued']);
    expect(await listActiveStudies(s.team.id, 1)).toHaveLength(1);
  });
});

describe('listStudiesInReview', () => {
  it('lists only studies currently in review, with who asked, when and the note', async () => {
    const s = await teamWithScenario();
    const waiting = await studyWithStatuses(s, 'Waiting', ['succeeded']);
    const approved = await studyWithStatuses(s, 'Approved', ['succeeded']);
    await studyWithStatuses(s, 'Never reviewed', ['succeeded']);
    await appendReviewEvent({ teamId: s.team.id, studyId: waiting.id, status: 'in_review', note: 'Check the MIA numbers', actorId: s.owner.id });
    await appendReviewEvent({ teamId: s.team.id, studyId: approved.id, status: 'in_review', note: '', actorId: s.owner.id });
    await appendReviewEvent({ teamId: s.team.id, studyId: approved.id, status: 'approved', note: 'Fine', actorId: s.reviewer.id });
    const rows = await listStudiesInReview(s.team.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: waiting.id, name: 'Waiting', note: 'Check the MIA numbers', requestedBy: 'owner' });
    expect(rows[0].since).toBeInstanceOf(Date);
    const other = await teamWithScenario();
    expect(await listStudiesInReview(other.team.id)).toEqual([]);
  });
});

describe('recent activity (listAudit) for the overview', () => {
  it('returns the team’s last events, newest first, capped at the limit', async () => {
    const s = await teamWithScenario();
    const study = await studyWithStatuses(s, 'Reviewed', ['succeeded']);
    for (const status of ['in_review', 'changes_requested', 'in_review'] as const) {
      await appendReviewEvent({ teamId: s.team.id, studyId: study.id, status, note: status, actorId: s.owner.id });
    }
    const events = await listAudit({ teamId: s.team.id, limit: 2 });
    expect(events).toHaveLength(2);
    expect(events.every((e) => e.teamId === s.team.id)).toBe(true);
    expect(events[0].createdAt.getTime()).toBeGreaterThanOrEqual(events[1].createdAt.getTime());
    expect(events[0]).toMatchObject({ action: 'study.review', targetType: 'study', targetId: study.id });
  });
});
