/**
 * The texts of ../shared/domain/laws/ and how a 12333 agent names them. `short` is the name used in
 * legal-basis references (`{ law: '劳动合同法', article: 82 }`) and in search results; `title` is the
 * file's title (the date in the file name is the version date).
 *
 * Kinds: law (法律, NPC), decision (NPC Standing Committee decision), regulation (行政法规, State Council),
 * rule (部门规章 and ministry notices), policy (State Council opinions/decisions numbered 一、二、),
 * judicial (最高人民法院司法解释).
 */
export type LawKind = 'law' | 'decision' | 'regulation' | 'rule' | 'policy' | 'judicial';

export type LawCatalogItem = { title: string; short: string; kind: LawKind; docNumber?: string };

export const LAW_CATALOG: readonly LawCatalogItem[] = [
  { title: '中华人民共和国劳动法', short: '劳动法', kind: 'law' },
  { title: '中华人民共和国劳动合同法', short: '劳动合同法', kind: 'law' },
  { title: '中华人民共和国劳动合同法实施条例', short: '劳动合同法实施条例', kind: 'regulation' },
  { title: '中华人民共和国劳动争议调解仲裁法', short: '劳动争议调解仲裁法', kind: 'law' },
  { title: '中华人民共和国社会保险法', short: '社会保险法', kind: 'law' },
  { title: '中华人民共和国就业促进法', short: '就业促进法', kind: 'law' },
  { title: '中华人民共和国妇女权益保障法', short: '妇女权益保障法', kind: 'law' },
  { title: '中华人民共和国残疾人保障法', short: '残疾人保障法', kind: 'law' },
  { title: '中华人民共和国老年人权益保障法', short: '老年人权益保障法', kind: 'law' },
  { title: '中华人民共和国职业病防治法', short: '职业病防治法', kind: 'law' },
  {
    title: '全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定',
    short: '延迟退休决定',
    kind: 'decision',
  },
  { title: '国务院关于渐进式延迟法定退休年龄的办法', short: '延迟退休办法', kind: 'regulation' },
  { title: '工伤保险条例', short: '工伤保险条例', kind: 'regulation' },
  { title: '失业保险条例', short: '失业保险条例', kind: 'regulation' },
  { title: '社会保险费征缴暂行条例', short: '社会保险费征缴暂行条例', kind: 'regulation' },
  { title: '社会保险经办条例', short: '社会保险经办条例', kind: 'regulation' },
  { title: '医疗保障基金使用监督管理条例', short: '医保基金监管条例', kind: 'regulation' },
  { title: '女职工劳动保护特别规定', short: '女职工劳动保护特别规定', kind: 'regulation' },
  { title: '保障农民工工资支付条例', short: '保障农民工工资支付条例', kind: 'regulation' },
  { title: '劳动保障监察条例', short: '劳动保障监察条例', kind: 'regulation' },
  { title: '职工带薪年休假条例', short: '职工带薪年休假条例', kind: 'regulation' },
  { title: '国务院关于职工工作时间的规定', short: '职工工作时间规定', kind: 'regulation' },
  { title: '全国年节及纪念日放假办法', short: '全国年节及纪念日放假办法', kind: 'regulation' },
  { title: '残疾人就业条例', short: '残疾人就业条例', kind: 'regulation' },
  { title: '事业单位人事管理条例', short: '事业单位人事管理条例', kind: 'regulation' },
  { title: '个体工商户条例', short: '个体工商户条例', kind: 'regulation' },
  { title: '促进个体工商户发展条例', short: '促进个体工商户发展条例', kind: 'regulation' },
  { title: '企业职工带薪年休假实施办法', short: '企业职工带薪年休假实施办法', kind: 'rule' },
  { title: '工资支付暂行规定', short: '工资支付暂行规定', kind: 'rule' },
  { title: '关于工资总额组成的规定', short: '工资总额组成规定', kind: 'rule' },
  {
    title: '关于职工全年月平均工作时间和工资折算问题的通知',
    short: '工资折算通知',
    kind: 'rule',
    docNumber: '劳社部发〔2008〕3号',
  },
  {
    title: '国务院关于完善企业职工基本养老保险制度的决定',
    short: '国发〔2005〕38号',
    kind: 'policy',
    docNumber: '国发〔2005〕38号',
  },
  {
    title: '国务院关于建立统一的城乡居民基本养老保险制度的意见',
    short: '城乡居民养老保险意见',
    kind: 'policy',
    docNumber: '国发〔2014〕8号',
  },
  {
    title: '国务院办公厅关于全面推进生育保险和职工基本医疗保险合并实施的意见',
    short: '两险合并实施意见',
    kind: 'policy',
    docNumber: '国办发〔2019〕10号',
  },
  {
    title: '最高人民法院关于审理劳动争议案件适用法律问题的解释（一）',
    short: '劳动争议司法解释（一）',
    kind: 'judicial',
    docNumber: '法释〔2020〕26号',
  },
  {
    title: '最高人民法院关于审理工伤保险行政案件若干问题的规定',
    short: '工伤保险行政案件规定',
    kind: 'judicial',
    docNumber: '法释〔2014〕9号',
  },
  {
    title: '最高人民法院关于审理拒不支付劳动报酬刑事案件适用法律若干问题的解释',
    short: '拒不支付劳动报酬刑事案件解释',
    kind: 'judicial',
    docNumber: '法释〔2013〕3号',
  },
  {
    title: '最高人民法院关于人民法院审理事业单位人事争议案件若干问题的规定',
    short: '事业单位人事争议案件规定',
    kind: 'judicial',
    docNumber: '法释〔2003〕13号',
  },
];

/**
 * Articles overtaken by later policy (laws/README.md). The article stays in the library, as the law
 * still says it, but is marked and linked to what applies now, so no answer quotes it as current.
 */
export type Supersession = {
  law: string;
  articles: readonly number[];
  note: string;
  by?: { law: string; article?: number };
  /** A public source for the later policy when it is not in the library. */
  source?: string;
};

export const SUPERSESSIONS: readonly Supersession[] = [
  {
    law: '社会保险法',
    articles: [16],
    note: '自2030年1月1日起，按月领取基本养老金的最低缴费年限由15年逐步提高至20年，每年提高6个月；不足的可延长缴费或一次性缴费。本条所说的“新型农村社会养老保险”现为城乡居民基本养老保险（国发〔2014〕8号）。',
    by: { law: '延迟退休办法', article: 2 },
  },
  {
    law: '国发〔2005〕38号',
    articles: [6],
    note: '“缴费年限累计满15年”的条件自2030年1月1日起逐步提高至20年（每年提高6个月）。',
    by: { law: '延迟退休办法', article: 2 },
  },
  {
    law: '社会保险法',
    articles: [20, 21, 22],
    note: '新型农村社会养老保险与城镇居民社会养老保险已合并为统一的城乡居民基本养老保险（国发〔2014〕8号）。',
    by: { law: '城乡居民养老保险意见' },
  },
  {
    law: '社会保险法',
    articles: [24, 25],
    note: '新型农村合作医疗与城镇居民基本医疗保险已整合为统一的城乡居民基本医疗保险。',
    source: '《国务院关于整合城乡居民基本医疗保险制度的意见》国发〔2016〕3号，https://www.gov.cn/zhengce/content/2016-01/12/content_10582.htm',
  },
  {
    law: '社会保险法',
    articles: [53, 54, 55, 56],
    note: '生育保险已与职工基本医疗保险合并实施：统一参保登记、统一征缴（单位费率合并，职工个人不缴生育保险费），生育保险待遇不变。',
    by: { law: '两险合并实施意见', article: 2 },
  },
  {
    law: '女职工劳动保护特别规定',
    articles: [8],
    note: '生育保险已与职工基本医疗保险合并实施，生育医疗费用和生育津贴从职工基本医疗保险基金中的生育保险待遇支出。',
    by: { law: '两险合并实施意见', article: 2 },
  },
  {
    law: '失业保险条例',
    articles: [16],
    note: '出具终止或解除劳动关系证明并告知失业保险权利的期限，以后施行、效力更高的社会保险法第五十条为准：15日内将失业人员名单告知经办机构。',
    by: { law: '社会保险法', article: 50 },
  },
  {
    law: '失业保险条例',
    articles: [6],
    note: '失业保险费率自2015年起阶段性降低，目前按国家和本省阶段性降费率政策执行，以当地公布的费率为准。',
    source: '《国务院办公厅关于印发降低社会保险费率综合方案的通知》国办发〔2019〕13号，https://www.gov.cn/zhengce/zhengceku/2019-04/04/content_5379629.htm',
  },
  {
    law: '失业保险条例',
    articles: [19],
    note: '领取失业保险金期间不再申领医疗补助金：由失业保险基金代缴基本医疗保险费，失业人员按规定享受基本医疗保险待遇。',
    by: { law: '社会保险法', article: 48 },
  },
  {
    law: '失业保险条例',
    articles: [28],
    note: '骗取失业保险金和其他失业保险待遇的罚款，以后施行、效力更高的社会保险法第八十八条为准：由社会保险行政部门责令退回，处骗取金额二倍以上五倍以下的罚款，不再以“情节严重”为条件（社会保险经办条例第五十五条同为2倍以上5倍以下）。',
    by: { law: '社会保险法', article: 88 },
  },
  {
    law: '社会保险费征缴暂行条例',
    articles: [13],
    note: '滞纳金标准以社会保险法第八十六条为准：自欠缴之日起按日加收万分之五。',
    by: { law: '社会保险法', article: 86 },
  },
  {
    law: '劳动保障监察条例',
    articles: [27],
    note: '仅第二款：骗取社会保险待遇或者骗取社会保险基金支出的罚款，以后施行、效力更高的社会保险法第八十八条为准，处骗取金额二倍以上五倍以下的罚款（社会保险经办条例第五十五条同为2倍以上5倍以下）。第一款（申报时瞒报工资总额或者职工人数）不在此列。',
    by: { law: '社会保险法', article: 88 },
  },
];
