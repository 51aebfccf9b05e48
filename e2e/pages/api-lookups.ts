import { expect, type Page } from '@playwright/test';

/** Ids the specs need, looked up through the API with the page's session cookie. */

export async function teamIdByName(page: Page, name: string): Promise<string> {
  const res = await page.request.get('/api/v1/me');
  expect(res.ok()).toBeTruthy();
  const team = ((await res.json()) as { teams: Array<{ id: string; name: string }> }).teams.find((t) => t.name === name);
  if (!team) throw new Error(`not in a team named ${name}`);
  return team.id;
}

export async function datasetIdByName(page: Page, teamId: string, name: string): Promise<string> {
  const res = await page.request.get(`/api/v1/teams/${teamId}/datasets`);
  expect(res.ok()).toBeTruthy();
  const dataset = ((await res.json()) as { datasets: Array<{ id: string; name: string }> }).datasets.find((d) => d.name === name);
  if (!dataset) throw new Error(`no dataset named ${name}`);
  return dataset.id;
}
