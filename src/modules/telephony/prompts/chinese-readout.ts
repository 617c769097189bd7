/**
 * Dynamic content spelled out in Chinese characters for TTS, the way a hotline agent reads it:
 * amounts in 元角分, dates with the year digit by digit, reference numbers one symbol at a time.
 */

const DIGITS = '零一二三四五六七八九';
const SMALL_UNITS = ['', '十', '百', '千'];
const BIG_UNITS = ['', '万', '亿', '万亿'];

/** 0-9999 without leading 零; zeros inside collapse to one 零 (一千零五, 一千零一十). */
function readSection(n: number): string {
  let out = '';
  let zero = false;
  for (let u = 3; u >= 0; u--) {
    const d = Math.floor(n / 10 ** u) % 10;
    if (d === 0) {
      zero = out !== '';
    } else {
      if (zero) out += '零';
      out += DIGITS[d]! + SMALL_UNITS[u]!;
      zero = false;
    }
  }
  return out;
}

/** 10005 → 一万零五, 15 → 十五 (no leading 一 before 十), 110 → 一百一十, -3 → 负三. */
export function readInteger(n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`readInteger: not a safe integer: ${n}`);
  if (n < 0) return '负' + readInteger(-n);
  if (n === 0) return '零';
  const sections: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 10000)) sections.push(v % 10000);
  let out = '';
  let zero = false; // a zero run between two non-zero sections still needs its 零
  for (let i = sections.length - 1; i >= 0; i--) {
    const s = sections[i]!;
    if (s === 0) {
      zero = out !== '';
      continue;
    }
    if (out !== '' && (zero || s < 1000)) out += '零';
    out += readSection(s) + BIG_UNITS[i]!;
    zero = false;
  }
  return out.startsWith('一十') ? out.slice(1) : out;
}

/**
 * A money amount ('1234.50', '1,234.5', 1234.5) in 元角分: 一千二百三十四元五角, 三元零五分, 五角.
 * Rounded half-up to the 分; no 整 (that is for written cheques, not for speech).
 */
export function readAmount(amount: string | number): string {
  const text = typeof amount === 'number' ? amount.toFixed(3) : amount.replace(/[,，\s]/g, '').replace(/^[¥￥]/, '');
  const m = /^(-)?(\d+)(?:\.(\d*))?$/.exec(text);
  if (!m) throw new RangeError(`readAmount: not an amount: ${JSON.stringify(amount)}`);
  const frac = (m[3] ?? '').padEnd(3, '0');
  const cents = BigInt(m[2]!) * 100n + BigInt(frac.slice(0, 2)) + (Number(frac[2]) >= 5 ? 1n : 0n);
  if (cents > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`readAmount: too large: ${amount}`);
  const yuan = Number(cents / 100n);
  const jiao = Number((cents / 10n) % 10n);
  const fen = Number(cents % 10n);
  let out = m[1] && cents > 0n ? '负' : '';
  if (yuan > 0 || (jiao === 0 && fen === 0)) out += readInteger(yuan) + '元';
  if (jiao > 0) out += DIGITS[jiao]! + '角';
  if (fen > 0) out += (yuan > 0 && jiao === 0 ? '零' : '') + DIGITS[fen]! + '分';
  return out;
}

/** '2026-12-02' (also 2026/12/2, 2026.12.02) → 二〇二六年十二月二日. */
export function readDate(date: string): string {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(date.trim());
  const month = Number(m?.[2]);
  const day = Number(m?.[3]);
  if (!m || month < 1 || month > 12 || day < 1 || day > 31) throw new RangeError(`readDate: not a date: ${JSON.stringify(date)}`);
  const year = [...m[1]!].map((d) => '〇一二三四五六七八九'[Number(d)]).join('');
  return `${year}年${readInteger(month)}月${readInteger(day)}日`;
}

/**
 * A code read one symbol at a time, separated by spaces so the synthesiser does not run letters
 * together: 'WO20261202001' → 'W O 二 零 二 六 幺 二 零 二 零 零 幺'. 1 is 幺, as phone operators
 * say it (it cannot be mistaken for 七); letters are upper-cased; other characters become a pause (，).
 */
export function readDigits(code: string, one: '幺' | '一' = '幺'): string {
  const out: string[] = [];
  for (const ch of code.normalize('NFKC').toUpperCase()) {
    if (ch >= '0' && ch <= '9') out.push(ch === '1' ? one : DIGITS[Number(ch)]!);
    else if (ch >= 'A' && ch <= 'Z') out.push(ch);
    else if (out.length > 0 && out.at(-1) !== '，') out.push('，');
  }
  while (out.at(-1) === '，') out.pop();
  return out.join(' ');
}
