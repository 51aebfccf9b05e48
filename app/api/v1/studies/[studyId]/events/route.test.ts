/**
 * The study's event stream on a finished study (seeded without training): one `runs` event with
 * every run, without metrics, then `done`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDataset, parseUploadOptions } from '@/lib/datasets/service';
import { createScenario } from '@/lib/datasets/scenarios';
import { seedFinishedStudy } from '@/lib/results/seed-fixture';
import { makeTeam, tokenFor } from '@/test/factories';
import { GET } from './route';

const IRIS = path.resolve(import.meta.dirname, '../../../../../../db/seed-data/iris.csv');

describe('study events', () => {
  it('sends every run without metrics, then done', async () => {
    const { team, owner } = await makeTeam();
    const access = { actor: owner, teamId: team.id, teamName: team.name, role: 'owner' as const };
    const dataset = await createDataset(access, parseUploadOptions({ name: 'Iris' }), [{ role: 'file', name: 'iris.csv', source: [fs.readFileSync(IRIS)] }]);
    const scenario = await createScenario(owner, dataset.id, { name: 'Forget setosa', category: 'usability', seed: 1, selector: { kind: 'class', classes: ['setosa'] } });
    const { studyId } = await seedFinishedStudy({ teamId: team.id, createdBy: owner.id, scenarioId: scenario.id, seeds: 2, methods: ['finetune'], numClasses: 3, sizes: { forget: 40, retain: 90, test: 30 } });
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
  }, 60_000);
});
