import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startBrowserRig, type BrowserRig } from '../support/browser.js';

describe('calculators in a real browser', () => {
  let rig: BrowserRig;
  before(async () => {
    rig = await startBrowserRig();
  });
  after(async () => {
    await rig?.close();
  });

  it('a citizen asks the chat page for a figure, opens the offered calculator and gets the figure with its steps and basis', async () => {
    const page = await rig.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.goto(`${rig.url}/ask`);
    await page.getByRole('textbox').fill('周末加班费怎么算');
    await page.getByTestId('ask-send').click();
    const offer = page.getByTestId('open-calculator');
    await offer.waitFor();
    await offer.click();
    await page.waitForURL(/\/calc\/overtime-pay$/);
    const calc = page.getByTestId('calculator-overtime-pay');
    await calc.getByLabel('月工资（元）').fill('5220');
    await calc.getByLabel('工作日延长工作时间（小时）').fill('10');
    await calc.getByLabel('休息日工作且未补休（小时）').fill('8');
    await calc.getByLabel('法定节假日工作（小时）').fill('8');
    await calc.getByRole('button', { name: /计\s*算/ }).click();
    const result = page.getByTestId('calc-result');
    await result.waitFor();
    assert.equal(await result.getByTestId('out-total').innerText(), '1650');
    assert.match(await result.innerText(), /21\.75/);
    await result.locator('.ant-tag', { hasText: '劳动法' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /百分之三百/);
    await page.close();
  });

  it('a wrong input is named on its field; an administrator adds a local figure that the calculator then uses', async () => {
    const admin = await rig.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await rig.signIn(admin, 'admin');
    await admin.goto(`${rig.url}/admin/calc-parameters`);
    await admin.getByRole('button', { name: '新增参数' }).click();
    const form = admin.getByRole('dialog');
    await form.getByLabel('适用地区').click();
    await admin.getByTitle(/长春/).first().click();
    await form.getByLabel('参数').click();
    await admin.getByTitle(/上年度职工月平均工资/).click();
    await form.getByLabel('年度').fill('2025');
    await form.getByLabel('数值').fill('8000');
    await form.getByLabel('来源').fill('演示数据（浏览器测试）');
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await admin.getByRole('cell', { name: '演示数据（浏览器测试）' }).waitFor();

    await admin.goto(`${rig.url}/tools/calculators/work-injury-disability`);
    const calc = admin.getByTestId('calculator-work-injury-disability');
    // No region chosen and no average wage typed: the server names the missing field.
    await calc.getByLabel('伤残等级（1–10级）').fill('1');
    await calc.getByLabel(/本人工资/).fill('3000');
    await calc.getByRole('button', { name: /计\s*算/ }).click();
    await admin.getByTestId('calc-error').waitFor();
    assert.match(await calc.innerText(), /本地区尚未维护/);
    await admin.getByLabel('所在地区').click();
    await admin.getByTitle(/长春/).first().click();
    const fresh = admin.getByTestId('calculator-work-injury-disability');
    await fresh.getByLabel('伤残等级（1–10级）').fill('1');
    await fresh.getByLabel(/本人工资/).fill('3000');
    await fresh.getByRole('button', { name: /计\s*算/ }).click();
    const result = admin.getByTestId('calc-result');
    await result.waitFor();
    // 3000 is below 60% of 8000: the wage base is 4800; grade 1 → 27 months = 129,600.
    assert.equal(await result.getByTestId('out-oneOffSubsidy').innerText(), '129600');
    assert.match(await result.innerText(), /演示数据（浏览器测试）/);
    await admin.close();
  });
});
