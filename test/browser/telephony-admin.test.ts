import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { startBrowserRig, type BrowserRig } from '../support/browser.js';
import { describeSippResult, sippAvailable, SIPP_SCENARIOS, startSipp } from '../support/sipp.js';

/**
 * The phone-line pages (/phone-line/…) against the real server with its phone line on: an
 * administrator keeps the phone accounts and the prompts and watches the line; a call placed by
 * SIPp shows up live on the status tab and then in a QA inspector's call records, recording included.
 */

/** 1 s of a 440 Hz tone, 8 kHz, 16-bit mono PCM WAV. */
function toneWav(seconds = 1, hz = 440, rate = 8000): Buffer {
  const samples = Math.round(seconds * rate);
  const buf = Buffer.alloc(44 + samples * 2);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + samples * 2, 4);
  buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) buf.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / rate)), 44 + i * 2);
  return buf;
}

/** What the test touches of an <audio> element (the test compiles without the DOM library). */
type AudioElement = { src: string; duration: number; preload: string; error: { code: number } | null; load(): void; addEventListener(type: string, fn: () => void, opts: { once: boolean }): void };

/** Loads an <audio> element's metadata in the page (with the session cookie) and returns its duration. */
async function audioDuration(audio: Locator): Promise<number> {
  return audio.evaluate(
    (el: AudioElement) =>
      new Promise<number>((resolve, reject) => {
        el.addEventListener('loadedmetadata', () => resolve(el.duration), { once: true });
        el.addEventListener('error', () => reject(new Error(`audio error ${el.error?.code} for ${el.src}`)), { once: true });
        el.preload = 'metadata';
        el.load();
      }),
  );
}

/** Shanghai wall-clock time as the pages show it. */
function shanghai(iso: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

describe('phone line pages in a real browser', () => {
  let rig: BrowserRig;
  let admin: Page;
  before(async () => {
    rig = await startBrowserRig({
      env: { SIP_ENABLED: 'true', SIP_PORT: '0', RTP_PORT_MIN: '53000', RTP_PORT_MAX: '53999', KB_STARTER_CONTENT: 'false' },
    });
    admin = await rig.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await rig.signIn(admin, 'admin');
  });
  after(async () => {
    await rig?.close();
  });

  it('an administrator opens 电话线路 from the menu and sees the line running', async () => {
    await admin.getByRole('menuitem', { name: '电话线路' }).click();
    await admin.waitForURL(/\/phone-line\/status$/);
    await admin.getByTestId('line-running').getByText('运行中').waitFor();
    const status = await (await admin.request.get(`${rig.url}/api/v1/telephony/status`)).json();
    assert.equal(status.running, true);
    assert.equal(await admin.getByTestId('sip-port').innerText(), String(status.sipPort));
    assert.match(await admin.getByTestId('line-status').innerText(), /12333/);
  });

  it('creates phone account 8100 after the server refuses a 2-digit extension on its field', async () => {
    await admin.getByRole('tab', { name: '话机账号' }).click();
    await admin.waitForURL(/\/phone-line\/phones$/);
    await admin.getByTestId('phone-table').getByRole('cell', { name: '8001', exact: true }).waitFor();
    await admin.getByTestId('new-phone').click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('分机号').fill('81');
    await dialog.getByLabel('所属中心').click();
    await admin.getByTitle(/长春/).first().click();
    await dialog.getByLabel('名称').fill('长春咨询员话机 8100');
    await dialog.getByLabel('密码', { exact: true }).fill('Phone@8100');
    await dialog.getByLabel('确认密码').fill('Phone@8100');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    // The rule is the server's (400 with fields): its message sits under the extension field.
    await dialog.locator('#extension_help').getByText('分机号为3到6位数字').waitFor();
    await admin.screenshot({ path: '/tmp/telephony-phone-error.png' });
    await dialog.getByLabel('分机号').fill('8100');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = admin.getByTestId('phone-table').locator('tr', { hasText: '8100' });
    await row.waitFor();
    assert.match(await row.innerText(), /长春咨询员话机 8100/);
    assert.match(await row.innerText(), /长春/);
    assert.match(await row.innerText(), /启用/);
    await admin.screenshot({ path: '/tmp/telephony-phones.png' });
  });

  it('uploads a recording of welcome (上传, 1.0 秒, playable), then reverts to the synthesised one', async () => {
    await admin.getByRole('tab', { name: '提示音' }).click();
    await admin.waitForURL(/\/phone-line\/prompts$/);
    const row = admin.getByTestId('prompt-table').locator('tr[data-row-key="welcome"]');
    await row.getByTestId('prompt-source').getByText('合成').waitFor();
    const synthesised = await row.getByTestId('prompt-duration').innerText();

    await row.locator('input[type=file]').setInputFiles({ name: 'welcome.wav', mimeType: 'audio/wav', buffer: toneWav() });
    await row.getByTestId('prompt-source').getByText('上传').waitFor();
    assert.equal(await row.getByTestId('prompt-duration').innerText(), '1.0 秒');
    assert.equal(await row.getByTestId('prompt-uploaded-by').innerText(), 'admin');
    // The player fetches the center's recording with the session cookie.
    const played = await audioDuration(row.getByTestId('prompt-audio'));
    assert.ok(Math.abs(played - 1) < 0.05, `the uploaded prompt plays for ${played} s`);

    await row.getByRole('button', { name: '恢复合成' }).click();
    await admin.getByRole('tooltip').getByRole('button', { name: /确\s*定/ }).click();
    await row.getByTestId('prompt-source').getByText('合成').waitFor();
    assert.equal(await row.getByTestId('prompt-duration').innerText(), synthesised);
    await admin.screenshot({ path: '/tmp/telephony-prompts.png', fullPage: true });
  });

  it('a call placed with SIPp shows on the status tab while it lasts, then in a QA inspector’s call records with its recording', { skip: !sippAvailable() && 'SIPp is not installed (apt-get install sip-tester)' }, async () => {
    const status = await (await admin.request.get(`${rig.url}/api/v1/telephony/status`)).json();
    await admin.getByRole('tab', { name: '线路状态' }).click();
    const caller = startSipp({
      scenario: SIPP_SCENARIOS.callerDtmf,
      target: `127.0.0.1:${status.sipPort}`,
      service: '12333',
      calls: 1,
      vars: { digits: '', greetMs: 1000, holdMs: 6000, hangup: 'any' },
      timeoutMs: 60_000,
    });
    const live = admin.getByTestId('active-calls').locator('tr', { hasText: '12333' });
    await live.waitFor({ timeout: 10_000 });
    assert.match(await live.innerText(), /呼入/);
    await admin.screenshot({ path: '/tmp/telephony-status.png', fullPage: true });
    const result = await caller.done;
    assert.equal(result.successfulCalls, 1, describeSippResult(result));
    await admin.getByTestId('active-calls').getByText('当前没有通话').waitFor({ timeout: 10_000 });

    const qa = await rig.browser.newPage({ viewport: { width: 1600, height: 900 } });
    await rig.signIn(qa, 'qa.cc');
    await qa.getByRole('menuitem', { name: '电话线路' }).click();
    await qa.waitForURL(/\/phone-line\/calls$/);
    // QA sees only the tab its role may open.
    await qa.getByRole('tab', { name: '通话记录' }).waitFor();
    assert.deepEqual(await qa.getByRole('tab').allInnerTexts(), ['通话记录']);
    const row = qa.getByTestId('call-table').locator('tr', { hasText: '13800138000' });
    // The call-detail record is written as the call ends: search again until it is there.
    for (let i = 0; i < 20 && !(await row.count()); i++) {
      await qa.getByRole('button', { name: /查\s*询/ }).click();
      await qa.waitForTimeout(500);
    }
    await row.waitFor();
    const [record] = (await (await qa.request.get(`${rig.url}/api/v1/telephony/calls?limit=1`)).json()).items;
    const text = await row.innerText();
    assert.ok(text.includes(shanghai(record.startedAt)), `started at ${shanghai(record.startedAt)} (Shanghai) in: ${text}`);
    // Answered and ended on the day it started: their clock times only.
    assert.ok(text.includes(shanghai(record.endedAt).slice(11)), `ended at ${shanghai(record.endedAt)} in: ${text}`);
    assert.match(text, /人工接听|自助服务|留言|放弃|无坐席|拒接|失败|无应答/);
    assert.match(text, /呼入/);
    assert.ok(record.hasRecording, 'the answered call was recorded');
    await qa.getByText('左声道来电人,右声道坐席').first().waitFor();
    const seconds = await audioDuration(row.getByTestId('call-recording'));
    assert.ok(seconds > 1, `the recording plays for ${seconds} s`);
    await qa.screenshot({ path: '/tmp/telephony-calls-qa.png', fullPage: true });
    await qa.close();

    // The administrator sees the same call with the caller's number masked and no recording.
    await admin.getByRole('tab', { name: '通话记录' }).click();
    const masked = admin.getByTestId('call-table').locator('tr', { hasText: '138****8000' });
    await masked.waitFor();
    assert.equal(await admin.getByTestId('call-recording').count(), 0);
  });
});
