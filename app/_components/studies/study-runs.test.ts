/**
 * The study page's first view of a 32-seed x 10-method study (384 runs, seeded without
 * training): one folded line per group, no run rows, and props that stay small; the runs of a
 * group come from the runs-table route when it is expanded (route.test.ts beside that route).
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedFinishedStudy } from '@/lib/results/seed-fixture';
import { studyWithTableRuns } from '@/lib/studies/service';
import { runView, studyStatus } from '@/lib/studies/views';
import { irisForgetSetosa, makeTeam } from '@/test/factories';
import { orderedRunGroups, runGroupsJson, runsTableJson, type RunGroupsJson, type RunsTableJson } from './study-format';
import { RunGroupsTable } from './study-runs';

const METHODS = ['finetune', 'neggrad', 'neggrad-plus', 'random-labels', 'scrub', 'salun', 'ssd', 'fisher', 'amnesiac', 'sisa'];
/** The serialized first-view props of the 384-run study; its whole runs table is ~370 KB. */
const PROPS_LIMIT = 8 * 1024;
/** The runs table's first markup (the page's other sections add a few KB). */
const MARKUP_LIMIT = 32 * 1024;

let table: RunsTableJson;
let initial: RunGroupsJson;

beforeAll(async () => {
  const { team, owner } = await makeTeam();
  const { scenario } = await irisForgetSetosa(owner, team);
  const { studyId } = await seedFinishedStudy({ teamId: team.id, createdBy: owner.id, scenarioId: scenario.id, seeds: 32, methods: METHODS, numClasses: 10, sizes: { forget: 180, retain: 1200, test: 360 }, groups: 2 });
  // As the study page builds them.
  const { runs } = await studyWithTableRuns(owner, studyId);
  table = runsTableJson(studyStatus(runs), runs.map((r) => runView(r)));
  initial = runGroupsJson(table, METHODS);
}, 120_000);

const render = (expanded: string[]) =>
  renderToStaticMarkup(
    createElement(RunGroupsTable, {
      groups: initial.groups,
      groupRuns: new Map(orderedRunGroups(table.runs, METHODS).filter(([key]) => expanded.includes(key))),
      expanded: new Set(expanded),
      groupErrors: {},
      metrics: table.keyMetrics,
      methodNames: { finetune: 'Fine-tune' },
      teamId: 't',
      studyId: 's',
      now: Date.now(),
      canRun: true,
      busy: false,
      onToggle: () => {},
      onReload: () => {},
      onAction: () => {},
    }),
  );

describe('the study page runs table of a 384-run study', () => {
  it('opens folded: the original, the retrain and each method in the study order, each a summary line with a toggle and no run rows', () => {
    expect(table.runs).toHaveLength(384);
    expect(initial.whole).toBeNull();
    expect(initial.groups.map((g) => g.methodId ?? g.kind)).toEqual(['original', 'retrain', ...METHODS]);
    expect(initial.groups.map((g) => g.runs)).toEqual(Array(12).fill(32));
    const html = render([]);
    expect(html.match(/data-testid="run-group-summary"/g)).toHaveLength(12);
    expect(html).not.toContain('data-testid="run-row"');
    const toggles = [...html.matchAll(/<button[^>]*aria-expanded="false"[^>]*aria-controls="([^"]+)"[^>]*>Show 32 runs<\/button>/g)];
    expect(toggles).toHaveLength(12);
    // Each toggle controls its own group's rows.
    for (const [, id] of toggles) expect(html).toContain(`<tbody id="${id}"`);
    expect(html).toContain('aria-label="Show the 32 runs of Fine-tune"');
    expect(html).toContain('32 succeeded');
  });

  it('summarises a group with the mean of its runs’ metrics', () => {
    const finetune = initial.groups.find((g) => g.methodId === 'finetune');
    const ids = table.runs.filter((r) => r.methodId === 'finetune').map((r) => r.id);
    const mean = ids.reduce((sum, id) => sum + (table.keyMetrics[id]?.accuracy.test ?? NaN), 0) / ids.length;
    expect(finetune?.withMetrics).toBe(32);
    expect(finetune?.meanAccuracy.test).toBeCloseTo(mean, 12);
    expect(render([])).toContain(`${(mean * 100).toFixed(1)}%`);
  });

  it('keeps the first view small: serialized props and markup under their limits', () => {
    expect(JSON.stringify(initial).length).toBeLessThan(PROPS_LIMIT);
    expect(render([]).length).toBeLessThan(MARKUP_LIMIT);
  });

  it('lists a group’s runs once it is expanded', () => {
    const key = initial.groups.find((g) => g.methodId === 'scrub')?.key ?? '';
    const html = render([key]);
    expect(html.match(/data-testid="run-row"/g)).toHaveLength(32);
    expect(html).toContain('aria-expanded="true"');
    expect(html).toContain('>Hide runs</button>');
  });
});
