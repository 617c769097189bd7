import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startBrowserRig, type BrowserRig } from '../support/browser.js';

describe('citizens’ chat page in a real browser', () => {
  let rig: BrowserRig;
  before(async () => {
    rig = await startBrowserRig();
  });
  after(async () => {
    await rig?.close();
  });

  it('a citizen on a phone asks in their own words, reads the answer and its legal basis, rates it, then asks for a person', async () => {
    const page = await rig.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.goto(`${rig.url}/ask`);
    const box = page.getByRole('textbox');
    await box.fill('您好，請問俺在單位幹活時受傷了，算不算工傷？');
    await page.getByTestId('ask-send').click();

    const answer = page.getByTestId('bot-answer').last();
    await answer.waitFor();
    assert.match(await answer.innerText(), /工伤/);
    const basis = answer.locator('.ant-tag', { hasText: '工伤保险条例' }).first();
    await basis.waitFor();
    await basis.click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /工伤保险条例/);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    await answer.getByRole('button', { name: /有用/ }).click();
    await answer.getByText('感谢您的评价').waitFor();

    await answer.getByRole('button', { name: '转人工服务' }).click();
    const offer = page.getByRole('button', { name: '留言并请求回电' }).last();
    await offer.waitFor();
    await offer.click();
    const form = page.getByRole('dialog');
    await form.getByLabel('联系电话').fill('13912345678');
    await form.getByRole('button', { name: /提\s*交/ }).click();
    await page.getByText(/已收到您的回电请求,编号 \d+/).waitFor();
    await page.close();
  });

  it('offers the top three when a question is vague, and answers the one picked', async () => {
    const page = await rig.browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${rig.url}/ask`);
    await page.getByRole('textbox').fill('工伤');
    await page.getByTestId('ask-send').click();
    const clarify = page.getByTestId('bot-clarify').last();
    await clarify.waitFor();
    const options = clarify.locator('button');
    assert.ok((await options.count()) >= 3);
    const first = (await options.first().innerText()).trim();
    await options.first().click();
    await page.locator('.ask-citizen', { hasText: first }).waitFor();
    await page.getByTestId('bot-answer').last().waitFor();
    await page.close();
  });

  it('an editor turns a question the assistant could not answer into a similar question of an entry', async () => {
    const citizen = await rig.browser.newPage();
    await citizen.goto(`${rig.url}/ask`);
    await citizen.getByRole('textbox').fill('电子社保卡在哪个小程序上激活');
    await citizen.getByTestId('ask-send').click();
    await citizen.locator('.ask-bot').nth(1).waitFor();
    await citizen.close();

    const editor = await rig.browser.newPage();
    await rig.signIn(editor, 'editor');
    await editor.goto(`${rig.url}/kb/review-queue`);
    const group = editor.getByTestId('review-group').filter({ hasText: '电子社保卡在哪个小程序上激活' });
    await group.waitFor();
    await group.getByRole('button', { name: '加为相似问' }).click();
    const dialog = editor.getByRole('dialog');
    const select = dialog.getByTestId('review-entry');
    await select.click();
    await editor.keyboard.type('社保卡');
    const option = editor.locator('.ant-select-item-option').filter({ hasText: '社会保障卡' }).first();
    await option.waitFor();
    await option.click();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await editor.getByText('已加入条目的新版本,待审核').waitFor();
    await group.waitFor({ state: 'detached' });
    await editor.close();
  });
});
