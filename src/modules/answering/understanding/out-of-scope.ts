/**
 * Questions that are not 12333 business, and where the citizen should call instead. Never answer
 * these from the knowledge base, however many words they share with it ("公积金贷款额度怎么算" shares
 * 缴费/基数 with pension entries): a confident wrong answer is worse than none.
 *
 * Hotlines, as published by the bodies that run them:
 *  - 12329 住房公积金服务热线 (住房和城乡建设部, 建金〔2013〕 住房公积金 12329 服务热线建设);
 *  - 12366 纳税服务热线 (国家税务总局);
 *  - 12306 铁路客户服务中心 (中国国家铁路集团);
 *  - 12367 移民管理服务热线 (国家移民管理局);
 *  - 12121 气象服务热线 (中国气象局);
 *  - 12315 市场监管投诉举报热线 (国家市场监督管理总局);
 *  - 12345 政务服务便民热线 (国办发〔2020〕53号), the general government line for everything else.
 */
export type OutOfScopeTopic = {
  id: string;
  label: string;
  hotline?: { number: string; name: string };
  /** Where to turn when there is no hotline to name. */
  advice?: string;
  words: readonly string[];
  /**
   * Words that also set the scene of an in-scope story ("坐动车上班路上出事了" is a work-injury
   * question): decline only when nothing in the knowledge base fits at all.
   */
  scenery?: boolean;
};

export const OUT_OF_SCOPE_TOPICS: readonly OutOfScopeTopic[] = [
  {
    id: 'housing_fund',
    label: '住房公积金',
    hotline: { number: '12329', name: '住房公积金服务热线' },
    words: ['公积金', '住房公积金', '公积金贷款', '公积金提取', '提取公积金', '住房补贴'],
  },
  {
    id: 'tax',
    label: '税务',
    hotline: { number: '12366', name: '纳税服务热线' },
    words: ['个税', '个人所得税', '所得税', '专项附加扣除', '退税', '纳税', '报税', '发票', '汇算清缴', '增值税', '税率', '扣税'],
  },
  {
    id: 'railway',
    label: '铁路出行',
    hotline: { number: '12306', name: '铁路客户服务中心' },
    scenery: true,
    words: ['火车票', '高铁票', '动车票', '高铁', '火车', '动车', '改签', '退票', '车票', '机票', '航班', '飞机票'],
  },
  {
    id: 'immigration',
    label: '出入境',
    hotline: { number: '12367', name: '移民管理服务热线' },
    words: ['出入境', '签证', '护照', '港澳通行证', '台湾通行证'],
  },
  { id: 'weather', label: '天气', hotline: { number: '12121', name: '气象服务热线' }, scenery: true, words: ['天气', '下雨', '下雪', '气温', '台风', '天气预报', '雾霾'] },
  {
    id: 'police',
    label: '户籍证件',
    hotline: { number: '12345', name: '政务服务便民热线' },
    words: ['身份证', '户口', '户籍', '落户', '居住证', '驾驶证', '驾照', '违章', '罚单', '交通罚款', '车牌'],
  },
  {
    id: 'commercial',
    label: '商业保险与金融',
    words: [
      '商业保险', '保险公司', '车险', '理赔', '重疾险', '重疾', '寿险', '意外险', '百万医疗', '分红险', '年金险', '万能险', '惠民保', '保单', '保险代理',
      // Insurers callers name for their policies ("平安的养老险每年交一万").
      '平安', '平安保险', '中国人寿', '太平洋保险', '泰康', '新华保险', '友邦', '众安', '人保财险',
      '理财', '收益率', '股票', '基金净值', '贷款利率', '房贷', '信用卡', '银行贷款', '网贷',
    ],
  },
  {
    // Business licences and the annual report are market regulation's (12315, 国家市场监督管理总局);
    // 营业执照 alone also sets the scene of in-scope questions (分店有营业执照, 被吊销营业执照).
    id: 'market_regulation',
    label: '营业执照和市场主体登记',
    hotline: { number: '12315', name: '市场监管投诉举报热线' },
    words: ['注销营业执照', '营业执照注销', '办营业执照', '办理营业执照', '申请营业执照', '营业执照年检', '营业执照年报', '工商年报', '企业年报', '个体户年报', '注册公司', '注册个体户', '个体户注册', '公司注册', '工商注册'],
  },
  {
    // Since 2018 the drug lists, settlement out of the home region and the electronic medical-insurance
    // voucher are run by the medical-security bureaus (医疗保障局), not by 人社.
    id: 'medical_security',
    label: '医保目录和异地就医备案',
    advice: '请向当地医疗保障部门咨询。',
    words: ['医保目录', '药品目录', '报销目录', '医保药品目录', '异地就医备案', '异地备案', '就医备案', '集采', '集中带量采购'],
  },
  {
    id: 'other_services',
    label: '其他生活事务',
    hotline: { number: '12345', name: '政务服务便民热线' },
    words: ['养老院', '敬老院', '挂号', '预约挂号', '看病吃什么药', '吃什么药', '感冒', '发烧', '入学', '上学', '学区', '小学', '初中', '高中', '幼儿园', '上小学', '上初中', '中考', '高考', '买房', '房价', '租房', '快递', '外卖', '旅游', '彩票', '年会', '抽奖', '结婚登记', '离婚', '电费', '水费', '燃气费', '话费', '宽带', '物业费', '取暖费缴纳'],
  },
];

const CHIT_CHAT = /^(你好|您好|在吗|有人吗|喂|hello|hi|谢谢|再见|拜拜|你是谁|你是机器人吗|你是人吗|你叫什么|讲个笑话|笑话|哈+|呵呵|嗯|好的|ok)[?？!！。.]*$/i;

/**
 * The out-of-scope subject a question names. Two-character words must be whole words of the
 * question ("动车" is not in "电动车"); longer ones may sit inside a compound ("提取公积金").
 */
export function detectOutOfScope(normalizedText: string, words: readonly string[]): OutOfScopeTopic | undefined {
  const wordSet = new Set(words);
  let best: { topic: OutOfScopeTopic; len: number } | undefined;
  for (const topic of OUT_OF_SCOPE_TOPICS) {
    for (const w of topic.words) {
      const named = w.length <= 2 ? wordSet.has(w) : normalizedText.includes(w);
      if (named && (!best || w.length > best.len)) best = { topic, len: w.length };
    }
  }
  return best?.topic;
}

export function isChitChat(normalizedText: string): boolean {
  return normalizedText.length === 0 || CHIT_CHAT.test(normalizedText.trim());
}

/**
 * 12333 business the knowledge base has no answer for, asked in words that entries on a neighbouring
 * question do use: "婚假有几天" shares 婚假 with the entry on pay during leave, which does not say how
 * many days. Such a question gets no answer and the offer of a person, not a confident wrong one,
 * unless an entry's stored question says it nearly word for word (an editor has since added it).
 */
const LEAVE = '(?:带薪)?(?:年休假|年假|婚假|丧假|陪产假|护理假|探亲假|育儿假|病假)';
const HOW_MANY_DAYS = '(?<![那这])(?:几天|多少天|几日|多长时间|多久|天数)';
const UNCOVERED: readonly { id: string; label: string; pattern: RegExp }[] = [
  { id: 'leave_days', label: '假期天数', pattern: new RegExp(`${LEAVE}[^,，。?？!！]{0,8}${HOW_MANY_DAYS}|${HOW_MANY_DAYS}[^,，。?？!！]{0,4}${LEAVE}`) },
  // How much sick pay is (not less than 80 % of the minimum wage, 劳部发〔1995〕309号 第五十九条) is not an entry yet.
  { id: 'sick_pay', label: '病假工资标准', pattern: /病假(?:工资|期间的?工资|期间)[^,，。?？!！]{0,6}(?:多少|几成|怎么算|标准|最低|最少|百分之)/ },
  // The card's password and the electronic voucher's activation: the entry on the card is about losing it.
  { id: 'card_password', label: '社会保障卡密码', pattern: /(?:社保卡|社会保障卡|医保卡)[^,，。?？!！]{0,6}密码|密码[^,，。?？!！]{0,6}(?:社保卡|社会保障卡|医保卡)/ },
  { id: 'e_voucher', label: '医保电子凭证激活', pattern: /电子凭证[^,，。?？!！]{0,4}激活|激活[^,，。?？!！]{0,6}电子凭证/ },
];

export function detectUncovered(normalizedText: string): { id: string; label: string } | undefined {
  return UNCOVERED.find((u) => u.pattern.test(normalizedText));
}
