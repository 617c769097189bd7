import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createLogger } from '../logger.js';
import { maskDeep, maskName, maskPhone, maskText } from '../mask.js';

describe('personal data masking', () => {
  it('masks resident ID numbers, mobiles and landlines inside free text', () => {
    const text = '来电人身份证22010219900307123X,手机 13904311234,座机0431-88886666,另一个+86 15543219876';
    const masked = maskText(text);
    assert.ok(!masked.includes('22010219900307123X'));
    assert.ok(masked.includes('2201*************X'));
    assert.ok(masked.includes('139****1234'));
    assert.ok(masked.includes('0431-****6666'));
    assert.ok(!masked.includes('15543219876'));
  });

  it('leaves ordinary numbers alone (amounts, dates, work-order numbers)', () => {
    const text = '2026-11-24 养老金 3250.50 元,工单号 GD20261124000123,区号 0431';
    assert.equal(maskText(text), text);
  });

  it('masks names by key and secrets entirely, deep in objects', () => {
    const out = maskDeep({ caller: { name: '张三丰', phone: '13812345678' }, password: 'secret', nested: [{ displayName: '李四' }], center: { name: '长春市中心' } }) as any;
    assert.equal(out.caller.name, '张**');
    assert.equal(out.caller.phone, '138****5678');
    assert.equal(out.password, '[redacted]');
    assert.equal(out.nested[0].displayName, '李*');
    assert.equal(out.center.name, '长春市中心', 'an organisation is not a person');
    assert.equal(maskName('欧阳娜娜'), '欧***');
    assert.equal(maskPhone('0431-88886666'), '043****6666');
  });

  it('the logger masks what reaches it, in objects and in messages', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', destination: new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }) });
    log.info({ citizen: { name: '王五', idNumber: '220102199003071234' }, token: 'abc' }, '回拨 13512345678');
    const all = lines.join('');
    assert.ok(!all.includes('王五'));
    assert.ok(!all.includes('220102199003071234'));
    assert.ok(!all.includes('13512345678'));
    assert.ok(!all.includes('"abc"'));
    assert.ok(all.includes('135****5678'));
  });
});
