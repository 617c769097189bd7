import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KEEP_BACKGROUND_PAGES_RUNNING, startBrowserRig, type BrowserRig } from '../support/browser.js';

describe('live chat between a citizen and an agent, in a real browser', () => {
  let rig: BrowserRig;
  before(async () => {
    rig = await startBrowserRig({ extraArgs: KEEP_BACKGROUND_PAGES_RUNNING });
  });
  after(async () => {
    await rig?.close();
  });

  it('an agent takes chats; a citizen asks for a person, is taken, and both sides read each other', async () => {
    const agent = await rig.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await rig.signIn(agent, 'agent.cc');
    await agent.goto(`${rig.url}/desk/chats`);
    await agent.getByTestId('take-chats').click();
    // The heartbeat has been written once the switch is on and the first renewal answered.
    await agent.waitForResponse((r) => r.url().includes('/live-chat-agents/me') && r.status() === 200);

    const citizen = await rig.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await citizen.goto(`${rig.url}/ask`);
    await citizen.getByLabel('所在地区').click();
    await citizen.getByTitle('长春市').click();
    await citizen.getByRole('textbox').fill('社保卡丢了怎么挂失');
    await citizen.getByTestId('ask-send').click();
    await citizen.locator('[data-testid^="bot-"]').nth(1).waitFor();
    await citizen.getByRole('textbox').fill('转人工');
    await citizen.getByTestId('ask-send').click();
    const start = citizen.getByTestId('start-live-chat').last();
    await start.waitFor();
    await start.click();
    await citizen.getByTestId('live-chat-status').filter({ hasText: '正在为您接入' }).waitFor();

    await agent.bringToFront();
    const accept = agent.locator('[data-testid^="accept-"]').first();
    await accept.waitFor();
    await accept.click();
    const desk = agent.getByTestId('desk-chat');
    await desk.getByTestId('desk-citizen').first().waitFor();
    assert.match(await desk.innerText(), /社保卡丢了/, 'the chat opens with the citizen’s question');
    await desk.getByLabel('回复').fill('您好,请问您的身份证号后四位是?');
    await desk.getByTestId('desk-send').click();

    await citizen.bringToFront();
    await citizen.getByTestId('live-chat-status').filter({ hasText: '正在为您服务' }).waitFor();
    await citizen.getByTestId('live-agent').filter({ hasText: '身份证号后四位' }).waitFor();
    await citizen.getByLabel('输入消息').fill('1234');
    await citizen.getByTestId('live-send').click();
    await agent.bringToFront();
    await desk.getByTestId('desk-citizen').filter({ hasText: '1234' }).waitFor();

    await citizen.bringToFront();
    await citizen.getByRole('button', { name: '结束会话' }).click();
    await agent.bringToFront();
    await desk.getByText('会话已结束').first().waitFor();
    await citizen.close();
    await agent.close();
  });
});
