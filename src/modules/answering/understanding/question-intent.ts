/**
 * What a question asks about its subject: whether (may I, does it count), how much, how long or when,
 * where and how to apply, what to bring, who pays, is it lawful. Neighbouring entries often share the
 * subject and differ in this: "失业保险交了不到一年能领吗" (conditions) against "交满一年能领几个月"
 * (how long), "工伤认定要多长时间" against "工伤后能休多长时间" (same intent, other subject: the
 * subject words decide that one).
 *
 * Read from the question frame only, as a bit mask; a question may ask two things ("怎么申请，要啥条件").
 * Read from the normalised text and from its standard-Mandarin form (see colloquial.ts): the first
 * still has "能不能", the second has 咋算 as 怎么算.
 */
export const INTENT = {
  whether: 1 << 0,
  amount: 1 << 1,
  time: 1 << 2,
  procedure: 1 << 3,
  materials: 1 << 4,
  whoPays: 1 << 5,
  lawful: 1 << 6,
} as const;

const AMOUNT = /多少钱|[给赔补领拿发交扣退]多少(?![年个天])|多少(?:补偿|赔偿|工资|钱)|几成|几倍|怎么(?:算|计算)|如何计算|计算方法|算法|标准是|什么标准|比例|几块|多少块|多少元|金额|数额/;
const TIME = /多久|多长时间|多长|好久|几个月|多少个月|多少天|几天|几年内|期限|时限|什么时候|何时|哪天|哪一天|几号|截止|来得及|过期|超过.{0,4}(?:天|月|年)/;
const PROCEDURE = /去哪|到哪|在哪|哪里|哪儿|上哪|哪个部门|什么部门|怎么(?:办理|申请|领|交|报|转|查|认定|鉴定|续|补|开)|如何(?:办理|申请|领|交|报|转|查)|流程|手续|程序|步骤|网上|手机上|app|APP|小程序|窗口|线上|代办/;
const MATERIALS = /材料|带什么|带啥|带哪些|什么资料|哪些资料|证件|要什么证|需要什么/;
const WHO_PAYS = /谁(?:出|付|给|赔|管|负责|承担|来出|掏|报)|哪个出|由谁|找谁/;
const LAWFUL = /合法|违法|犯法|合理|对不对|有没有道理|允许|可以这样|能这样|这样行|投诉|举报|告他|告单位|告公司|维权/;
const WHETHER = /吗|是不是|能不能|可不可以|算不算|会不会|有没有|行不行|够不够|能否|是否|可以[^,，。?？]*[?？]$|([\u4e00-\u9fff])不\1|条件|资格|哪些人|什么人|谁能|谁可以/;

/** The intents of a question, read from each of its forms (as written and as standardised). */
export function askedIntents(...forms: string[]): number {
  const text = forms.join('\n');
  let mask = 0;
  if (AMOUNT.test(text)) mask |= INTENT.amount;
  if (TIME.test(text)) mask |= INTENT.time;
  if (PROCEDURE.test(text)) mask |= INTENT.procedure;
  if (MATERIALS.test(text)) mask |= INTENT.materials;
  if (WHO_PAYS.test(text)) mask |= INTENT.whoPays;
  if (LAWFUL.test(text)) mask |= INTENT.lawful;
  // "能领多少" asks how much, not whether: 能 and 吗 frame most questions.
  if (mask === 0 && WHETHER.test(text)) mask |= INTENT.whether;
  return mask;
}

/**
 * Which way a transfer goes, as a bit mask: out of here (转出, 转到外地, 带走) or in (转入, 转过来, 转回来).
 * "養老保險可以轉到外地嗎" and "外地的养老保险能转到我们县吗" share every word and ask the opposite.
 * 转回老家 is left out: it is in or out depending on where the caller is now.
 */
export const TRANSFER = { out: 1 << 0, in: 1 << 1 } as const;
const TRANSFER_OUT = /转到外地|转去外地|转到外省|转去外省|转往外地|转出去|转走|带走|转出|转到别的|转去别的|转到新单位/;
const TRANSFER_IN = /转过来|转回来|转进来|转到这|转到我们|转到本地|转入|转回本地|转来/;

export function transferDirection(text: string): number {
  return (TRANSFER_OUT.test(text) ? TRANSFER.out : 0) | (TRANSFER_IN.test(text) ? TRANSFER.in : 0);
}
