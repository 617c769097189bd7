import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer } from './server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The flags the project's browser tests run Debian's chromium with (CONTRIBUTING.md). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** For tests with two people at once: the page not in front keeps its timers as one in front would. */
export const KEEP_BACKGROUND_PAGES_RUNNING = ['--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'];

export const DEMO_PASSWORD = 'Demo@12333';

/** The platform on a throw-away database, a real chromium, and sign-in as a demo user. */
export type BrowserRig = {
  url: string;
  browser: Browser;
  /** Fills the sign-in form on `page`; waits for the staff shell unless `expectShell` is false. */
  signIn(page: Page, username: string, options?: { password?: string; expectShell?: boolean }): Promise<Page>;
  close(): Promise<void>;
};

/** `extraArgs`: more chromium flags; `env`: more server settings (see startTestServer). */
export async function startBrowserRig(options: { extraArgs?: string[]; env?: Record<string, string> } = {}): Promise<BrowserRig> {
  const server = await startTestServer({ env: options.env });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])] });
  return {
    url: server.url,
    browser,
    async signIn(page, username, { password = DEMO_PASSWORD, expectShell = true } = {}) {
      await page.goto(`${server.url}/login`);
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill(password);
      await page.getByTestId('login-submit').click();
      if (expectShell) await page.getByTestId('current-user').waitFor();
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
