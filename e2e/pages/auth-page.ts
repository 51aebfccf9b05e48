import { expect, type Page } from '@playwright/test';

/** Sign-in and sign-up screens. */
export class AuthPage {
  constructor(readonly page: Page) {}

  async signUp(user: { name: string; email: string; password: string }, from = '/sign-up') {
    await this.page.goto(from);
    await this.page.getByLabel('Name').fill(user.name);
    await this.page.getByLabel('Email').fill(user.email);
    await this.page.getByLabel('Password').fill(user.password);
    await this.page.getByRole('button', { name: 'Create account' }).click();
  }

  async signIn(email: string, password: string, from = '/sign-in') {
    await this.page.goto(from);
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }

  async expectSignedIn(name: string) {
    await expect(this.page.getByTestId('profile-link')).toHaveText(name);
  }

  async signOut() {
    await this.page.getByRole('button', { name: 'Sign out' }).click();
    await expect(this.page).toHaveURL(/\/sign-in/);
  }
}
