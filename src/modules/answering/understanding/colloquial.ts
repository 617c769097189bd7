/**
 * Dialect and spoken forms rewritten to standard Mandarin before segmentation, for stored questions
 * and citizens' questions alike. Character-level, because jieba glues them to the next word
 * ("咋算", "啥时候") where a synonym table at word level never sees them.
 */
const REWRITES: readonly [string, string][] = [
  // Question frames that say nothing about the subject ("…是什么意思" must not match every entry
  // whose similar question ends the same way).
  ['是什么意思', '是什么'],
  ['是啥意思', '是什么'],
  ['什么意思', '什么'],
  ['啥意思', '什么'],
  ['怎么回事', '怎么'],
  ['咋回事', '怎么'],
  ['是怎么个事', '怎么'],
  ['咋整', '怎么办'],
  ['咋办', '怎么办'],
  ['咋弄', '怎么办'],
  ['咋个', '怎么'],
  ['咋样', '怎么样'],
  ['咋', '怎么'],
  ['啥子', '什么'],
  ['啥', '什么'],
  ['甚么', '什么'],
  ['俺们', '我们'],
  ['俺', '我'],
  ['咱们', '我们'],
  ['晓得', '知道'],
  ['冇', '没有'],
  ['木有', '没有'],
  ['莫得', '没有'],
  ['没得', '没有'],
  ['多钱', '多少钱'],
  ['几多', '多少'],
  ['么子', '什么'],
  ['哪嘎达', '哪里'],
  ['搞么', '怎么'],
  // 西南官话: 各人 = 自己 ("我各人账户里" = 我个人账户里)
  ['各人', '个人'],
  // 东北
  ['嘎哈', '干什么'],
  ['干哈', '干什么'],
  // 吴语
  ['侬好', '你好'],
  ['阿拉', '我'],
  ['哪能', '怎么'],
  ['侬', '你'],
  // 粤语
  ['点算', '怎么办'],
  ['点办', '怎么办'],
  ['点样', '怎么'],
  ['点解', '为什么'],
  ['乜嘢', '什么'],
  ['边度', '哪里'],
  ['喺度', '在这里'],
  ['喺', '在'],
  ['咩', '什么'],
  ['佢', '他'],
  ['俾', '给'],
  ['系唔系', '是不是'],
  ['我系', '我是'],
  ['佢系', '他是'],
  ['唔可以', '不可以'],
  ['可唔可以', '可不可以'],
  ['系咪', '是不是'],
  ['唔', '不'],
  ['佢哋', '他们'],
  ['哋', '们'],
  ['嘅', '的'],
  ['炒咗', '辞退了'],
  ['拖粮', '拖欠工资'],
  ['边啲', '哪些'],
  ['咗', '了'],
  ['啲', '些'],
  ['嚟', '来'],
  ['睇', '看'],
  ['揾工', '找工作'],
  ['搵工', '找工作'],
  ['揾', '找'],
  ['搵', '找'],
  ['攞', '拿'],
  ['畀', '给'],
  ['嘢', '东西'],
  ['边个', '谁'],
  ['几时', '什么时候'],
  ['而家', '现在'],
  ['屋企', '家里'],
  ['返工', '上班'],
  ['放工', '下班'],
  ['出粮', '发工资'],
  ['老细', '老板'],
  ['辞工', '辞职'],
  ['冇得', '没有'],
  // 西南官话
  ['啷个', '怎么'],
  ['撒子', '什么'],
  ['好多钱', '多少钱'],
  ['屋头', '家里'],
  ['娃儿', '孩子'],
  ['生娃', '生孩子'],
  // 北方、中原
  ['中不中', '行不行'],
  ['寻思', '想'],
  ['闺女', '女儿'],
  // 吴语
  ['几钿', '多少钱'],
  ['做生活', '干活'],
  ['辰光', '时候'],
];
const PATTERN = new RegExp(REWRITES.map(([from]) => from).join('|'), 'g');
const TO = new Map(REWRITES);

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/**
 * Grades and levels written in figures read like the entries write them: "4级" → "四级",
 * "5～6级" → "五至六级" (伤残等级, 缴费档次, 职业技能等级).
 */
function gradesInWords(text: string): string {
  return text
    .replace(/(?<!\d)(10|[1-9])\s*[-~～至到]\s*(10|[1-9])\s*(级|档)/g, (_m, a: string, b: string, unit: string) => `${DIGITS[Number(a)]}至${DIGITS[Number(b)]}${unit}`)
    .replace(/(?<!\d)(10|[1-9])\s*(级|档)/g, (_m, a: string, unit: string) => `${DIGITS[Number(a)]}${unit}`);
}

/** 1–99 in Chinese numerals, as entries write counts: 6 → 六, 12 → 十二, 48 → 四十八. */
function numeral(n: number): string {
  if (n <= 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
}

/**
 * Small counts of time and times in figures read like the entries write them, and 两 like 二:
 * "试用期6个月,合同签1年" and "试用期六个月,合同签一年" must look alike; "两年" and "二年" too.
 * Amounts of money, dates and rates keep their figures.
 */
function countsInWords(text: string): string {
  return text
    .replace(/(?<![\d.%月])(\d{1,2})\s*(?=个月|个工作日|个|年|周岁|岁|天|日|倍|小时|周|次)/g, (_m, n: string) => numeral(Number(n)))
    .replace(/两(?=个月|个工作日|年|周岁|岁|天|日|倍|小时|周|次)/g, '二');
}

/** 吴语's question particle: "算工伤伐" = 算工伤吗. */
const WU_PARTICLE = /伐(?=$|[?？。,，!！])/g;

/**
 * An A-not-A question ("能不能", "算不算", "有没有", "可不可以", "中不中") asks whether A: it reads as A, so
 * that its 不 is not taken for a negation ("能不能认定工伤" is not "不能认定工伤").
 */
const A_NOT_A = /([\u4e00-\u9fff])[不没]\1/g;
/** 不 or 没(有) closing a question is its particle: "算工伤不" = 算工伤吗, "交了没有" = 交了吗. */
const NEGATION_PARTICLE = /(?<=[\u4e00-\u9fff])(?:不|没有?)(?=$|[?？。,，!！\s])/g;
/** 廿 and 卅 (twenty, thirty) as spoken in the south: "廿年" = 二十年. */
const OLD_NUMERALS = /[廿卅]/g;

/** Dialect and spoken words as standard Mandarin (no change to figures). */
export function standardizeWords(text: string): string {
  return text
    .replace(PATTERN, (m) => TO.get(m) ?? m)
    .replace(WU_PARTICLE, '吗')
    .replace(A_NOT_A, '$1')
    .replace(NEGATION_PARTICLE, '吗')
    .replace(OLD_NUMERALS, (c) => (c === '廿' ? '二十' : '三十'));
}

/**
 * A rough count in a story ("二十多年", "好几年", "十几针", "三千来块", "一个多月") says that there was
 * some time or money, not how much: it reads as 几 + its unit, so that two stories sharing "二十多年"
 * do not look alike for it.
 */
const ROUGH_COUNT = /(?:好|半|[零一二三四五六七八九十两百千万\d]+)?(个)?[几多来余]+(个)?(?=年|月|天|岁|块|元|万|针|次|人|周|小时)/g;

export function standardizeColloquial(text: string): string {
  return countsInWords(gradesInWords(standardizeWords(text))).replace(ROUGH_COUNT, (m, a: string | undefined, b: string | undefined) =>
    /^[几多来余]+$/.test(m) ? m : `几${a ?? b ?? ''}`,
  );
}
