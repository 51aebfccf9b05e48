/**
 * One dashboard, two pages: the team's results page and the share page render ResultsDashboard;
 * the share page's exports and per-run charts go through the share link's API (`shareApi`), and
 * nothing else differs.
 * Rendered to HTML from a seeded, finished study's real data (no browser, no router needed).
 * Pages hand it a first view (firstViewPayload) that must stay small and read the same.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { createShareLink } from '@/lib/reviews/service';
import { sharedView } from '@/lib/reviews/shared';
import { seedFinishedStudy } from '@/lib/results/seed-fixture';
import { tableToJson } from '@/lib/results/export';
import { firstViewColumns, firstViewPayload, pagePayload, type FirstView } from '@/lib/results/page-payload';
import { studyResults, type ResultsData } from '@/lib/results/study-results-service';
import { parseViewState } from '@/lib/results/view-state';
import { irisForgetSetosa, makeTeam } from '@/test/factories';
import { ResultsDashboard } from './results-dashboard';

let shared: ResultsData;
let team: ResultsData;
let studyId: string;
let token: string;

beforeAll(async () => {
  const { team: t, owner } = await makeTeam();
  const { scenario } = await irisForgetSetosa(owner, t);
  ({ studyId } = await seedFinishedStudy({ teamId: t.id, createdBy: owner.id, scenarioId: scenario.id, name: 'Rendered', seeds: 3, methods: ['finetune', 'scrub'], matchRetrain: ['scrub'], numClasses: 3, sizes: { forget: 60, retain: 200, test: 200 } }));
  team = await studyResults(owner, studyId);
  ({ token } = await createShareLink(owner, t.id, { targetType: 'study', targetId: studyId }));
  const view = await sharedView(token);
  if (view.kind !== 'study') throw new Error('expected a study');
  shared = view.results;
}, 120_000);

const render = (props: Parameters<typeof ResultsDashboard>[0]) => renderToStaticMarkup(createElement(ResultsDashboard, props));

/** The text a reader sees, without markup and ids. */
const visibleText = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/shared-\d+|[0-9a-f]{8}-[0-9a-f-]{27}/g, '')
    .replace(/\s+/g, ' ');

describe('ResultsDashboard', () => {
  it('the share page has the exports and per-run charts, through the share link’s routes only', () => {
    const own = render({ data: team, initialView: parseViewState({}), exportUrl: `/api/v1/studies/${studyId}/export` });
    expect(own).toContain('data-testid="export-csv"');
    const api = `/api/v1/shared/${token}`;
    const html = render({ data: shared, initialView: parseViewState({}), shareApi: api, exportUrl: `${api}/export` });
    for (const part of ['results-headline', 'results-table', 'results-charts', 'export-csv', 'export-csv-seeds', 'export-json', 'chart-distribution-loss', 'chart-distribution-confidence']) expect(html).toContain(`data-testid="${part}"`);
    expect(html).toContain(`href="${api}/export?format=csv&amp;rows=seeds"`);
    expect(html).not.toContain('save-comparison');
    expect(html.replaceAll(api, '')).not.toContain('/api/v1');
    expect(html).not.toContain('<form');
    expect(html).not.toContain(studyId);
  });

  it('shows a link holder what the team sees, word for word: headline, rows, notes, exports and every chart', () => {
    const own = visibleText(render({ data: team, initialView: parseViewState({}), exportUrl: '/x' }));
    const theirs = visibleText(render({ data: shared, initialView: parseViewState({}), shareApi: `/api/v1/shared/${token}`, exportUrl: `/api/v1/shared/${token}/export` }));
    for (const sentence of team.headline.criteria.map((c) => c.sentence)) expect(theirs).toContain(sentence.replace(/\s+/g, ' '));
    expect(theirs).toContain(' Differences only CSV CSV per seed JSON ');
    expect(theirs).toContain(' Loss distribution');
    expect(theirs).toEqual(own);
  });
});

/** The serialized first view of a 32-seed x 10-method study; its whole page payload is ~160 KB. */
const FIRST_VIEW_PROPS_LIMIT = 26 * 1024;
/** Its markup (the charts come after the page). */
const FIRST_VIEW_MARKUP_LIMIT = 38 * 1024;

describe('the first view of a 32-seed x 10-method study (384 runs)', () => {
  let whole: ResultsData;
  let first: FirstView;
  beforeAll(async () => {
    const { team: t, owner } = await makeTeam();
    const { scenario } = await irisForgetSetosa(owner, t);
    const methods = ['finetune', 'neggrad', 'neggrad-plus', 'random-labels', 'scrub', 'salun', 'ssd', 'fisher', 'amnesiac', 'sisa'];
    const { studyId: big } = await seedFinishedStudy({ teamId: t.id, createdBy: owner.id, scenarioId: scenario.id, seeds: 32, methods, numClasses: 10, sizes: { forget: 180, retain: 1200, test: 360 }, groups: 2 });
    whole = pagePayload(await studyResults(owner, big));
    first = firstViewPayload(whole, firstViewColumns(whole, parseViewState({})));
  }, 180_000);

  it('stays under its size limits', () => {
    expect(first.complete).toBe(false);
    expect(JSON.stringify(first).length).toBeLessThan(FIRST_VIEW_PROPS_LIMIT);
    expect(render({ data: first, initialView: parseViewState({}) }).length).toBeLessThan(FIRST_VIEW_MARKUP_LIMIT);
  });

  it('shows the same headline, verdict (but the every-metric floor) and table as the whole data, and says the charts are loading instead of that they are empty', () => {
    const view = parseViewState({});
    const a = render({ data: whole, initialView: view });
    const b = render({ data: first, initialView: view });
    const part = (html: string, from: string, to: string) => html.slice(html.indexOf(from), html.indexOf(to, html.indexOf(from)));
    // The null and noise floor of every metric (folded) comes with the rest.
    const everyMetric = /<details class="mt-2 text-sm"><summary[^>]*>Null and noise floor of every metric \(\d+\)<\/summary><\/details>/;
    expect(a).toMatch(everyMetric);
    expect(b).not.toContain('Null and noise floor of every metric');
    expect(part(b, 'data-testid="results-headline"', 'data-testid="column-picker"')).toEqual(part(a.replace(everyMetric, ''), 'data-testid="results-headline"', 'data-testid="column-picker"'));
    expect(part(b, 'data-testid="results-table"', '</table>')).toEqual(part(a, 'data-testid="results-table"', '</table>'));
    expect(b).toContain('Loading the charts…');
    expect(b).toContain(`Loading the values of all ${whole.table.metrics.length} metrics…`);
    expect(b).not.toContain('data-testid="results-charts"');
    expect(visibleText(b)).not.toMatch(/No per-class accuracy recorded|No run has timings/);
  });
});

describe('a study with a hyperparameter sweep', () => {
  let data: ResultsData;
  let shareHtml: string;
  beforeAll(async () => {
    const { team: t, owner } = await makeTeam();
    const { scenario } = await irisForgetSetosa(owner, t);
    const { studyId: swept } = await seedFinishedStudy({ teamId: t.id, createdBy: owner.id, scenarioId: scenario.id, seeds: 2, methods: ['scrub'], numClasses: 3, sizes: { forget: 40, retain: 120, test: 60 }, sweep: { methodId: 'finetune', setting: 'learningRate', values: [0.001, 0.01, 0.1] }, summarise: false });
    data = await studyResults(owner, swept);
    const { token: link } = await createShareLink(owner, t.id, { targetType: 'study', targetId: swept });
    const view = await sharedView(link);
    if (view.kind !== 'study') throw new Error('expected a study');
    shareHtml = render({ data: view.results, initialView: parseViewState({}), shareApi: `/api/v1/shared/${link}` });
  }, 120_000);

  it('states the criterion and the validation split, lists every grid point and marks the chosen one in words', () => {
    const html = render({ data, initialView: parseViewState({}) });
    const text = visibleText(html);
    expect(html).toContain('data-testid="sweep-section"');
    expect(text).toContain('lowest average gap to the retrain of the same seed on forget, retain and validation accuracy');
    expect(text).toContain('Validation: 16 rows carved from the training data, never the test set');
    expect(html.match(/data-testid="sweep-chosen"/g)).toHaveLength(1);
    expect(html.match(/data-testid="sweep-point"/g)).toHaveLength(2);
    expect(text).toContain('✓ chosen');
    // The table and the headline hold the chosen point only, labelled as chosen by the sweep.
    const [sweep] = data.table.sweeps ?? [];
    const finetune = data.table.rows.filter((r) => r.methodId === 'finetune');
    expect(finetune).toHaveLength(1);
    expect(finetune[0].methodConfig).toEqual(sweep.points[sweep.chosen].config);
    expect(finetune[0].detail).toBe(`chosen by the sweep at learningRate ${sweep.points[sweep.chosen].setting.learningRate}`);
    for (const c of data.headline.criteria) for (const w of c.winners) expect(data.table.rows.some((r) => r.key === w.rowKey)).toBe(true);
    expect(data.headline.verdicts.flatMap((v) => v.methods).filter((m) => m.methodId === 'finetune')).toHaveLength(1);
    // The JSON export keeps every grid point beside the rows' chosen one.
    expect(tableToJson(data.table, 'Sweep').sweeps?.[0].points).toHaveLength(3);
  });

  it('shows the same section on the share page and in the first view', () => {
    expect(visibleText(shareHtml)).toContain('Hyperparameter sweep');
    expect(shareHtml.match(/data-testid="sweep-chosen"/g)).toHaveLength(1);
    const first = firstViewPayload(pagePayload(data), firstViewColumns(data, parseViewState({})));
    expect(render({ data: first, initialView: parseViewState({}) })).toContain('data-testid="sweep-section"');
  });
});
