/**
 * One dashboard, two pages: the team's results page and the share page render ResultsDashboard;
 * the share page's exports and per-run charts go through the share link's API (`shareApi`), and
 * nothing else differs.
 * Rendered to HTML from a seeded, finished study's real data (no browser, no router needed).
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { createShareLink } from '@/lib/reviews/service';
import { sharedView } from '@/lib/reviews/shared';
import { seedFinishedStudy } from '@/lib/results/seed-fixture';
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
