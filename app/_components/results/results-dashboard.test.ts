/**
 * One dashboard, two pages: the team's results page and the share page render ResultsDashboard;
 * `readOnly` (the share page) drops what writes or calls the gated API and keeps the rest.
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

beforeAll(async () => {
  const { team: t, owner } = await makeTeam();
  const { scenario } = await irisForgetSetosa(owner, t);
  ({ studyId } = await seedFinishedStudy({ teamId: t.id, createdBy: owner.id, scenarioId: scenario.id, name: 'Rendered', seeds: 3, methods: ['finetune', 'scrub'], matchRetrain: ['scrub'], numClasses: 3, sizes: { forget: 60, retain: 200, test: 200 } }));
  team = await studyResults(owner, studyId);
  const { token } = await createShareLink(owner, t.id, { targetType: 'study', targetId: studyId });
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
  it('the team page has exports; the read-only share page has none and nothing that calls the gated API', () => {
    const own = render({ data: team, initialView: parseViewState({}), exportUrl: `/api/v1/studies/${studyId}/export` });
    expect(own).toContain('data-testid="export-csv"');
    const html = render({ data: shared, initialView: parseViewState({}), readOnly: true });
    expect(html).toContain('data-testid="results-headline"');
    expect(html).toContain('data-testid="results-table"');
    expect(html).toContain('data-testid="results-charts"');
    expect(html).not.toContain('export-csv');
    expect(html).not.toContain('save-comparison');
    expect(html).not.toContain('/api/v1');
    expect(html).not.toContain('<form');
    expect(html).not.toContain(studyId);
  });

  it('shows a link holder the same headline, rows and notes as the team', () => {
    const own = visibleText(render({ data: team, initialView: parseViewState({}), exportUrl: '/x' }));
    const theirs = visibleText(render({ data: shared, initialView: parseViewState({}), readOnly: true }));
    for (const sentence of team.headline.criteria.map((c) => c.sentence)) expect(theirs).toContain(sentence.replace(/\s+/g, ' '));
    // Headline, notes, toolbar, the runs table cell for cell and the charts: the team's page adds
    // only its export links and the two distribution charts, which load per-run data from the gated API.
    const teams = own.replace(' Differences only CSV CSV per seed JSON ', ' Differences only ');
    const [before, after] = [' Loss distribution', ' Training and unlearning curves'];
    expect(teams).toContain(before);
    expect(theirs).not.toContain(before);
    expect(theirs).toEqual(teams.slice(0, teams.indexOf(before)) + teams.slice(teams.indexOf(after)));
  });
});
