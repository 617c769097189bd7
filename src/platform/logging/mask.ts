/**
 * Masking of personal data (resident ID numbers, phone numbers, names) in logs and in what staff
 * without the need to know are shown.
 */

// 18-digit resident ID number (GB 11643): region, birth date, sequence, check digit.
const RESIDENT_ID = /(?<![0-9A-Za-z])([1-9]\d{5})((?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3})([\dXx])(?![0-9A-Za-z])/g;
// Mainland mobile numbers, optionally with +86.
const MOBILE = /(?<!\d)((?:\+?86[- ]?)?1[3-9]\d)(\d{4})(\d{4})(?!\d)/g;
// Landline with area code: 0431-88886666, 043188886666, (0431)8888666.
const LANDLINE = /(?<!\d)(\(?0\d{2,3}\)?[- ]?)(\d{3,4})(\d{4})(?!\d)/g;

export function maskResidentId(id: string): string {
  return id.length <= 8 ? '*'.repeat(id.length) : `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(phone.length);
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** 张三 → 张*, 欧阳娜娜 → 欧***, Alice → A****. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return name;
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** Masks ID numbers and phone numbers wherever they appear in free text. */
export function maskText(text: string): string {
  return text
    .replace(RESIDENT_ID, (_m, region: string, _rest: string, check: string) => `${region.slice(0, 4)}${'*'.repeat(13)}${check}`)
    .replace(MOBILE, (_m, head: string, _mid: string, tail: string) => `${head}****${tail}`)
    .replace(LANDLINE, (_m, area: string, _mid: string, tail: string) => `${area}****${tail}`);
}

/** Keys whose values are personal names or secrets and are masked whatever they contain. */
const NAME_KEYS = new Set([
  'name',
  'displayname',
  'realname',
  'fullname',
  'callername',
  'contactname',
  'citizenname',
  'applicantname',
]);
const SECRET_KEYS = new Set([
  'password',
  'newpassword',
  'currentpassword',
  'passwordhash',
  'token',
  'authorization',
  'cookie',
  'set-cookie',
  'sid',
  'secret',
]);
// Names of organisations are not personal data.
const NOT_PERSONAL_PARENTS = new Set(['center', 'department', 'law', 'entry']);

/** Deep copy of a log object with personal data masked. Cycles and depth are bounded. */
export function maskDeep(value: unknown, parentKey = '', depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return maskText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return '[depth]';
  if (seen.has(value)) return '[cycle]';
  seen.add(value);
  if (value instanceof Error) {
    return { type: value.name, message: maskText(value.message), stack: value.stack ? maskText(value.stack) : undefined };
  }
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, parentKey, depth + 1, seen));
  // Class instances (a request, a Date, a Buffer) are left to their serializers.
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const key = k.toLowerCase();
    if (SECRET_KEYS.has(key)) out[k] = '[redacted]';
    else if (NAME_KEYS.has(key) && typeof v === 'string' && !NOT_PERSONAL_PARENTS.has(parentKey.toLowerCase()))
      out[k] = maskName(v);
    else out[k] = maskDeep(v, k, depth + 1, seen);
  }
  return out;
}
