import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it). Playwright downloads nothing. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots of every screen, kept as test artifacts (test-results/ is git-ignored). */
export const SCREENSHOTS = path.resolve('test-results/screenshots');

export interface Browser {
  /** A new tab: its own sessionStorage, so its own signed-in person. */
  page(): Promise<Page>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Headless Chromium with a new, empty profile and none of its own network traffic (this machine's network is
 * closed: without these flags Chromium keeps trying Google's hosts). Fails loudly when Chromium is missing.
 */
export async function launchBrowser(baseUrl: string): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  const profile = mkdtempSync(path.join(tmpdir(), 'epe-chromium-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    baseURL: baseUrl,
    viewport: { width: 1366, height: 900 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    // --lang: date inputs in dd/mm/yyyy, as a Vietnamese browser shows them.
    args: [
      '--lang=vi-VN',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // Generous: on 2 shared cores a Temporal update can take 10 s or more while the whole suite runs.
  context.setDefaultTimeout(30_000);
  let shots = 0;
  return {
    page: () => context.newPage(),
    screenshot: async (page, name) => {
      shots += 1;
      await page.screenshot({ path: path.join(SCREENSHOTS, `${String(shots).padStart(2, '0')}-${name}.png`), fullPage: true });
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Signs a tab in through the sign-in screen, by role and unit (the demo sign-in the test system turns on). */
export async function signIn(page: Page, role: 'board' | 'department' | 'auditor', unit?: string): Promise<void> {
  await page.goto('/app/sign-in');
  // Tabs share the profile's stored language; the steps read Vietnamese labels.
  await page.evaluate("localStorage.setItem('emulation.language', 'vi')");
  await page.reload();
  await page.getByLabel('Vai trò').selectOption(role);
  if (unit) await page.getByLabel('Đơn vị').selectOption(unit);
  await page.getByRole('button', { name: 'Đăng nhập' }).first().click();
  await page.getByTestId('who').waitFor();
}
