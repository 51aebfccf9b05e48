import { expect, type Page } from '@playwright/test';

/** A team's pages: creating it, members, invitations, roles. */
export class TeamPage {
  constructor(readonly page: Page) {}

  async create(name: string): Promise<string> {
    await this.page.goto('/teams/new');
    await this.page.getByLabel('Team name').fill(name);
    await this.page.getByRole('button', { name: 'Create team' }).click();
    await expect(this.page.getByTestId('team-name')).toHaveText(name);
    const id = /\/teams\/([0-9a-f-]{36})/.exec(this.page.url())?.[1];
    if (!id) throw new Error(`no team id in ${this.page.url()}`);
    return id;
  }

  async openMembers(teamId: string) {
    await this.page.goto(`/teams/${teamId}/members`);
  }

  /** Creates an invite and returns the link the UI shows once. */
  async invite(teamId: string, email: string, role: 'owner' | 'researcher' | 'reviewer'): Promise<string> {
    await this.openMembers(teamId);
    const form = this.page.getByTestId('invite-form');
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Role').selectOption(role);
    await form.getByRole('button', { name: 'Create invite link' }).click();
    const link = form.getByTestId('value-Invite link');
    await expect(link).toContainText('/invite/inv_');
    return (await link.textContent()) ?? '';
  }

  async changeRole(teamId: string, email: string, role: string) {
    await this.openMembers(teamId);
    const form = this.page.getByTestId(`role-form-${email}`);
    await form.getByRole('combobox').selectOption(role);
    await form.getByRole('button', { name: 'Change' }).click();
    await expect(form.getByRole('status')).toContainText('Role changed');
  }
}
