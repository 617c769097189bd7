/**
 * Dialect and spoken forms rewritten to standard Mandarin before segmentation, for stored questions
 * and citizens' questions alike. Character-level, because jieba glues them to the next word
 * ("咋算", "啥时候") where a synonym table at word level never sees them.
 */
const REWRITES: readonly [string, string][] = [
  // 粤语 人工 = wages, only where it cannot be 人工服务, 人工流产 or the 人工 of 本人工资. First, so
  // that no shorter rewrite (嘅, 冇, 畀 …) takes their first character.
  ['人工点样计', '工资怎么算'],
  ['人工点计', '工资怎么算'],
  ['人工几多', '工资多少'],
  ['嘅人工', '的工资'],
  ['两倍人工', '两倍工资'],
  ['双倍人工', '双倍工资'],
  ['二倍人工', '二倍工资'],
  ['结清人工', '结清工资'],
  ['结人工', '结工资'],
  ['拖住人工', '拖着工资'],
  ['拖人工', '拖工资'],
  ['欠人工', '欠工资'],
  ['扣人工', '扣工资'],
  ['攞人工', '拿工资'],
  ['畀人工', '给工资'],
  ['俾人工', '给工资'],
  ['冇人工', '没有工资'],
  ['人工度', '工资里'],
  ['最低人工', '最低工资'],
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
  ['啥玩意儿', '什么'],
  ['啥玩意', '什么'],
  ['啥时候', '什么时候'],
  ['啥时', '什么时候'],
  ['弄啥嘞', '干什么'],
  ['弄啥哩', '干什么'],
  ['啥', '什么'],
  ['甚么', '什么'],
  // Spoken 断了 / 停了 of contributions ("社保断了几个月"): 断 alone is also a broken bone.
  ['保险断了', '保险断缴了'],
  ['社保断了', '社保断缴了'],
  ['医保断了', '医保断缴了'],
  ['社保停了', '社保停缴了'],
  ['俺们', '我们'],
  ['俺', '我'],
  ['咱们', '我们'],
  ['晓不晓得', '知不知道'],
  ['晓得', '知道'],
  ['冇得', '没有'],
  ['冇', '没有'],
  ['木有', '没有'],
  ['莫得', '没有'],
  ['没得', '没有'],
  ['多钱', '多少钱'],
  ['几多', '多少'],
  ['么子', '什么'],
  ['这嘎达', '这里'],
  ['那嘎达', '那里'],
  ['这疙瘩', '这里'],
  ['那疙瘩', '那里'],
  ['哪疙瘩', '哪里'],
  ['老鼻子', '很多'],
  ['哪嘎达', '哪里'],
  ['搞么', '怎么'],
  // 西南官话: 各人 = 自己 ("我各人账户里" = 我个人账户里)
  ['各人', '个人'],
  // 东北
  ['嘎哈', '干什么'],
  // 开 = be paid ("退休了一个月能开多少", "三个月没开支"); 开支 alone is also spending.
  ['开多少', '领多少'],
  ['没开支', '没发工资'],
  ['不开支', '不发工资'],
  ['不给开支', '不发工资'],
  ['干哈', '干什么'],
  // 吴语
  ['侬好', '你好'],
  ['阿拉', '我'],
  ['哪能', '怎么'],
  ['侬', '你'],
  // 粤语
  ['唔该晒', '谢谢'],
  ['唔该', '谢谢'],
  ['唔好意思', '不好意思'],
  ['唔好', '不要'],
  ['唔使', '不用'],
  ['使唔使', '要不要'],
  ['唔得', '不行'],
  ['得唔得', '行不行'],
  ['唔系', '不是'],
  ['唔同我', '不跟我'],
  ['啱唔啱', '对不对'],
  ['啱啱', '刚刚'],
  ['啱', '对'],
  ['咁样', '这样'],
  ['噉样', '这样'],
  ['咁', '这么'],
  ['噉', '这样'],
  ['嗰阵', '那时候'],
  ['嗰', '那'],
  ['呢度', '这里'],
  ['呢啲', '这些'],
  ['几耐', '多久'],
  ['几钱', '多少钱'],
  ['做嘢', '干活'],
  ['番工', '上班'],
  ['返屋企', '回家'],
  ['后生仔', '年轻人'],
  ['生仔', '生孩子'],
  ['跌亲', '摔伤'],
  ['踩单车', '骑自行车'],
  ['劈炮', '辞职'],
  ['执笠', '倒闭'],
  ['炒咗鱿鱼', '炒了鱿鱼'],
  ['过身咗', '去世了'],
  ['过咗身', '去世了'],
  ['欠粮', '拖欠工资'],
  ['扣粮', '扣工资'],
  ['百蚊', '百块'],
  ['千蚊', '千块'],
  ['万蚊', '万块'],
  ['几蚊', '几块'],
  ['点算', '怎么办'],
  ['点办', '怎么办'],
  ['点样', '怎么'],
  ['点解', '为什么'],
  ['乜嘢', '什么'],
  ['乜', '什么'],
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
  // 西南官话
  ['一哈', '一下'],
  ['拢共', '总共'],
  ['婆娘', '老婆'],
  ['堂客', '老婆'],
  ['遭开除', '被开除'],
  ['遭辞退', '被辞退'],
  ['遭炒', '被炒'],
  ['遭车撞', '被车撞'],
  ['啷个', '怎么'],
  ['撒子', '什么'],
  ['好多钱', '多少钱'],
  ['屋头', '家里'],
  ['娃儿', '孩子'],
  ['生娃娃', '生孩子'],
  ['生娃', '生孩子'],
  // 湖北、湖南
  ['咯', '了'],
  ['么样搞', '怎么办'],
  ['怎么搞', '怎么办'],
  ['咋搞', '怎么办'],
  ['娭毑', '奶奶'],
  ['冒得', '没有'],
  ['屋里', '家里'],
  // 北方、中原
  ['中不中', '行不行'],
  ['嘞', '了'],
  ['甭', '不用'],
  ['多会儿', '什么时候'],
  ['夜儿个', '昨天'],
  ['瞅', '看'],
  ['钟头', '小时'],
  ['寻思', '想'],
  ['闺女', '女儿'],
  // 吴语
  ['几钿', '多少钱'],
  ['做生活', '干活'],
  ['覅', '不要'],
  ['勿', '不'],
  ['搿', '这'],
  ['迭个', '这个'],
  ['屋里厢', '家里'],
  ['钞票', '钱'],
  ['铜钿', '钱'],
  ['寻工作', '找工作'],
  ['今朝', '今天'],
  ['囡囡', '孩子'],
  ['小囡', '孩子'],
  ['辰光', '时候'],
];
// Longest first: at any place the longest rewrite wins (屋里厢 before 屋里, 佢哋 before 佢, 咋搞 before 咋).
const PATTERN = new RegExp(
  REWRITES.map(([from]) => from)
    .sort((a, b) => b.length - a.length)
    .join('|'),
  'g',
);
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
/** 不, 没(有) or 不中 closing a question is its particle: "算工伤不" = 算工伤吗, "交了没有" = 交了吗, "能交养老不中" = 能交养老吗. */
const NEGATION_PARTICLE = /(?<=[\u4e00-\u9fff])(?:不中|不|没有?)(?=$|[?？。,，!！\s])/g;
/** 武汉话 么样 = 怎么 ("么样转过来"), but not the 么样 of 什么样 or 怎么样. */
const WUHAN_HOW = /(?<![什怎这那多])么样/g;
/**
 * 退 alone after "when / can / at what age" is retiring: "今年能不能退", "我哪年能退", "五十岁退"; not
 * 退费, 退保, 退出, 能退给我 and the rest, nor "交的钱能退吗" (money, fees or insurance earlier in the clause: a refund).
 */
const RETIRE = /(?<![钱费款保金押税票货][^,，。?？!！\s]{0,8})(?<=能|可以|才能|就能|该|时候|哪年|哪一年|哪个月|几岁|多大|岁|按时|提前)退(?![休费款保还回出钱工货学伍役换票税掉的给])/g;
/** 廿 and 卅 (twenty, thirty) as spoken in the south: "廿年" = 二十年. */
const OLD_NUMERALS = /[廿卅]/g;

/** Dialect and spoken words as standard Mandarin (no change to figures). */
export function standardizeWords(text: string): string {
  return text
    .replace(WUHAN_HOW, '怎么')
    .replace(PATTERN, (m) => TO.get(m) ?? m)
    .replace(RETIRE, '退休')
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
