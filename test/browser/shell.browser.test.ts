import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startBrowserRig, type BrowserRig } from '../support/browser.js';

describe('web shell in a real browser', () => {
  let rig: BrowserRig;
  before(async () => {
    rig = await startBrowserRig();
  });
  after(async () => {
    await rig?.close();
  });

  // The shell's own tests look at what sign-in shows (an error, a forced password change): no waiting here.
  const signIn = (page: Page, username: string, password?: string) => rig.signIn(page, username, { password, expectShell: false });

  it('a wrong password shows the Chinese error', async () => {
    const page = await rig.browser.newPage();
    await signIn(page, 'agent.cc', 'wrong-password');
    await page.getByTestId('login-error').waitFor();
    assert.match(await page.getByTestId('login-error').innerText(), /用户名或密码错误/);
    await page.close();
  });

  it('an agent signs in and sees the agent home of 长春; signs out', async () => {
    const page = await rig.browser.newPage();
    await signIn(page, 'agent.cc');
    const heading = page.getByTestId('home-agent');
    await heading.waitFor();
    assert.match(await heading.innerText(), /长春/);
    assert.equal(await page.getByTestId('home-admin').count(), 0);
    await page.getByText('长春市就业服务局').waitFor();
    await page.goto(`${rig.url}/admin/users`);
    await page.getByText('403').first().waitFor();
    await page.getByTestId('logout').click();
    await page.getByTestId('login-submit').waitFor();
    await page.close();
  });

  it('an administrator sees the admin home, the calendar warning and the user table', async () => {
    const page = await rig.browser.newPage();
    await signIn(page, 'admin');
    await page.getByTestId('home-admin').waitFor();
    await page.getByTestId('calendar-warning').first().waitFor();
    await page.goto(`${rig.url}/admin/users`);
    await page.getByTestId('user-table').getByText('agent.cc', { exact: true }).waitFor();
    await page.screenshot({ path: '/tmp/admin-users.png' });
    await page.goto(`${rig.url}/admin/audit`);
    await page.getByText('auth.login').first().waitFor();
    await page.close();
  });
});
