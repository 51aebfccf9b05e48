/**
 * The study's event stream on a finished study (seeded without training): one `runs` event with
 * every run, without metrics and with ended runs' losses thinned for their sparklines, then `done`.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { SPARKLINE_POINTS } from '@/app/_components/studies/study-format';
import { getDb } from '@/db/client';
import { listRuns } from '@/db/queries/studies';
import { runs as runsTable } from '@/db/schema';
import { seedFinishedStudy } from '@/lib/results/seed-fixture';
import { irisForgetSetosa, makeTeam, tokenFor } from '@/test/factories';
import { GET } from './route';

describe('study events', () => {
  it('sends every run without metrics and ended runs with sparkline losses, then done', async () => {
    const { team, owner } = await makeTeam();
    const { scenario } = await irisForgetSetosa(owner, team);
    const { studyId } = await seedFinishedStudy({ teamId: team.id, createdBy: owner.id, scenarioId: scenario.id, seeds: 2, methods: ['finetune'], numClasses: 3, sizes: { forget: 40, retain: 90, test: 30 } });
    // A worker keeps up to 300 step losses a run; one ended run with 300 of them.
    const losses = Array.from({ length: 300 }, (_, i) => ({ step: i, loss: 1 / (i + 1) }));
    const [longRun] = await listRuns(studyId);
    const db = await getDb();
    await db.update(runsTable).set({ progressDetail: { losses } }).where(eq(runsTable.id, longRun.id));
    const token = await tokenFor(owner);
    const res = await GET(new Request(`http://localhost/api/v1/studies/${studyId}/events`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ studyId }) });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const text = await res.text();
    const events = text
      .split('\n\n')
      .filter((block) => block.startsWith('event: '))
      .map((block) => {
        const [head, data] = block.split('\n');
        return { event: head.slice('event: '.length), data: JSON.parse(data.slice('data: '.length)) as Record<string, unknown> };
      });
    expect(events.map((e) => e.event)).toEqual(['hello', 'runs', 'done']);
    const runs = events[1].data.runs as Array<Record<string, unknown>>;
    expect(events[1].data.status).toBe('succeeded');
    expect(runs).toHaveLength(2 * 3);
    for (const run of runs) {
      expect(run.status).toBe('succeeded');
      expect(run).not.toHaveProperty('metrics');
      expect(run.dependsOn).toBeInstanceOf(Array);
    }
    const sent = (runs.find((r) => r.id === longRun.id)?.progressDetail as { losses: typeof losses }).losses;
    expect(sent).toHaveLength(SPARKLINE_POINTS);
    expect(sent[sent.length - 1]).toEqual(losses[299]);
  }, 60_000);
});
