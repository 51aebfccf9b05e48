import { expect, type Locator, type Page } from '@playwright/test';

/** The review panels of a study page (review status, comments, share links), the public share page and the deletion report. */
export class SharingPage {
  constructor(readonly page: Page) {}

  async openStudy(teamId: string, studyId: string) {
    await this.page.goto(`/teams/${teamId}/studies/${studyId}`);
    await expect(this.page.getByTestId('study-header')).toBeVisible();
  }

  get comments(): Locator {
    return this.page.getByTestId('comments-panel');
  }

  async comment(text: string) {
    await this.comments.getByLabel('Add a comment').fill(text);
    await this.comments.getByRole('button', { name: 'Post comment' }).click();
    await expect(this.comments.getByTestId('comment-body').filter({ hasText: text })).toBeVisible();
  }

  get review(): Locator {
    return this.page.getByTestId('review-panel');
  }

  async setReview(status: string, note: string) {
    await this.review.getByLabel('Status').selectOption({ label: status });
    await this.review.getByLabel('Note').fill(note);
    await this.review.getByRole('button', { name: 'Set status' }).click();
    await expect(this.review.getByTestId('review-history-item').first()).toContainText(note);
  }

  get share(): Locator {
    return this.page.getByTestId('share-panel');
  }

  /** Creates a link and returns the URL the panel shows once. */
  async createShareLink(): Promise<string> {
    await this.share.getByRole('button', { name: 'Create link' }).click();
    const url = this.share.getByTestId('share-url');
    await expect(url).toContainText('/share/shr_');
    return (await url.textContent())!.trim();
  }

  async revokeFirstActive() {
    this.page.once('dialog', (d) => void d.accept());
    await this.share.locator('[data-testid="share-link-row"][data-status="active"]').first().getByRole('button', { name: 'Revoke' }).click();
    await expect(this.share.locator('[data-testid="share-link-row"]').first()).toHaveAttribute('data-status', 'revoked');
  }

  async openReport(teamId: string, studyId: string) {
    await this.page.goto(`/teams/${teamId}/studies/${studyId}/deletion-report`);
    await expect(this.page.getByTestId('deletion-report')).toBeVisible();
  }
}
