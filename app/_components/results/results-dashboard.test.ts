/**
 * One dashboard, two pages: the team's results page and the share page render ResultsDashboard;
 * `readOnly` (the share page) drops what writes or calls the gated API and keeps the rest.
 * Rendered to HTML from a seeded, finished study's real data (no browser, no router needed).
 * Pages hand it a first view (firstViewPayload) that must stay small and read the same.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { createShareLink } from '@/lib/reviews/service';
import { sharedView } from '@/lib/reviews/shared';
import { seedFinishedStudy } from '@/lib/results/seed-fixture';
import { firstViewColumns, firstViewPayload, pagePayload } from '@/lib/results/page-payload';
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

/** The serialized first view of a 32-seed x 10-method study; its whole page payload is ~160 KB. */
const FIRST_VIEW_PROPS_LIMIT = 40 * 1024;
/** Its markup (the charts come after the page). */
const FIRST_VIEW_MARKUP_LIMIT = 44 * 1024;

describe('the first view of a 32-seed x 10-method study (384 runs)', () => {
  let whole: ResultsData;
  let first: ResultsData;
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
    expect(render({ data: first, initialView: parseViewState({}), readOnly: true }).length).toBeLessThan(FIRST_VIEW_MARKUP_LIMIT);
  });

  it('shows the same headline, verdict (but the every-metric floor) and table as the whole data, and says the charts are loading instead of that they are empty', () => {
    const view = parseViewState({});
    const a = render({ data: whole, initialView: view, readOnly: true });
    const b = render({ data: first, initialView: view, readOnly: true });
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
