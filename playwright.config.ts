import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT || 3210);
// Debian's chromium where Playwright's own browser is not installed (it cannot be downloaded here).
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
// Each run starts the app on a fresh embedded database, seeded with the demo like a new clone.
const dataDir = process.env.E2E_DATA_DIR || fs.mkdtempSync(path.join(os.tmpdir(), 'lethe-e2e-'));

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: 'list',
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
    launchOptions: systemChromium ? { executablePath: systemChromium } : {},
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    // The production build (npm run test:e2e builds first): the dev server's recompiles reload pages mid-test.
    // E2E_SERVER=dev runs one spec against `next dev` instead, where no build exists.
    command: process.env.E2E_SERVER === 'dev' ? `npx next dev -p ${PORT}` : `npx next start -p ${PORT}`,
    url: `http://localhost:${PORT}/api/v1/openapi.json`,
    timeout: 180_000,
    // Under dev, a server already started (and warmed up: first compiles are slow) is reused.
    reuseExistingServer: process.env.E2E_SERVER === 'dev',
    stdout: 'pipe',
    env: { LETHE_DATA_DIR: dataDir, DATABASE_URL: '', AUTH_SECRET: '' },
  },
});
