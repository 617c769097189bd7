/**
 * The knowledge base's taxonomy, shared by the server and the web app.
 *
 * Nine business libraries, as a city center keeps them (BRIEF.md: "9 business libraries (policy
 * regulations, Q&A, service guides, …)"). The law articles themselves live in the policy library
 * (`/laws`); the `policy` library holds entries that explain a policy document as a whole.
 */
export const LIBRARIES = [
  'policy', // 政策法规: a policy document or regulation explained as one entry
  'qa', // 问题解答: one citizen question and its answer
  'guide', // 办事指南: how to get a service done: who, where, what to bring, how long
  'interpretation', // 政策解读: a new or changed policy explained for agents and callers
  'standard', // 待遇与缴费标准: local figures (minimum wage, rates, bases, benefit levels) the center maintains
  'case', // 典型案例: a worked case (a dispute, a calculation) agents can retell
  'notice', // 通知公告: temporary notices: system outages, deadlines, campaigns
  'directory', // 机构与网点: service halls, departments, opening hours, phone numbers
  'script', // 服务话术: what agents say: greetings, hard callers, transfers, closing
] as const;
export type Library = (typeof LIBRARIES)[number];

export const LIBRARY_LABELS: Record<Library, { zh: string; en: string }> = {
  policy: { zh: '政策法规', en: 'Policies and regulations' },
  qa: { zh: '问题解答', en: 'Q&A' },
  guide: { zh: '办事指南', en: 'Service guides' },
  interpretation: { zh: '政策解读', en: 'Policy explained' },
  standard: { zh: '待遇与缴费标准', en: 'Local standards and figures' },
  case: { zh: '典型案例', en: 'Cases' },
  notice: { zh: '通知公告', en: 'Notices' },
  directory: { zh: '机构与网点', en: 'Offices and contacts' },
  script: { zh: '服务话术', en: 'Agent scripts' },
};

/** Business lines of human resources and social security, plus `general` for questions across them. */
export const BUSINESS_LINES = [
  'pension', // 养老保险
  'medical', // 医疗保险
  'unemployment', // 失业保险
  'work_injury', // 工伤保险
  'maternity', // 生育保险
  'labour_relations', // 劳动关系与工资
  'employment', // 就业创业与培训
  'personnel', // 人事人才
  'card', // 社会保障卡
  'collection', // 社保费征缴
  'general', // 综合
] as const;
export type BusinessLine = (typeof BUSINESS_LINES)[number];

export const BUSINESS_LINE_LABELS: Record<BusinessLine, { zh: string; en: string }> = {
  pension: { zh: '养老保险', en: 'Pension' },
  medical: { zh: '医疗保险', en: 'Medical insurance' },
  unemployment: { zh: '失业保险', en: 'Unemployment insurance' },
  work_injury: { zh: '工伤保险', en: 'Work injury' },
  maternity: { zh: '生育保险', en: 'Maternity' },
  labour_relations: { zh: '劳动关系与工资', en: 'Labour relations and wages' },
  employment: { zh: '就业创业与培训', en: 'Employment and training' },
  personnel: { zh: '人事人才', en: 'Personnel' },
  card: { zh: '社会保障卡', en: 'Social-security card' },
  collection: { zh: '社保费征缴', en: 'Contributions' },
  general: { zh: '综合', en: 'General' },
};

/** draft → in_review → published → archived; in_review can be sent back to draft. */
export const ENTRY_STATUSES = ['draft', 'in_review', 'published', 'archived'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

export const ENTRY_STATUS_LABELS: Record<EntryStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  in_review: { zh: '待审核', en: 'In review' },
  published: { zh: '已发布', en: 'Published' },
  archived: { zh: '已归档', en: 'Archived' },
};

/**
 * A short answer is read out on the phone; at about 4 to 5 Chinese characters a second
 * (typical TTS and agent speed), 60 seconds is about 260 characters.
 */
export const SHORT_ANSWER_MAX_CHARS = 260;

/** Topic ids of ../shared/domain/seed-topics.json: S001–S101, C01–C20, P01–P06. */
export const TOPIC_ID_PATTERN = /^(S\d{3}|C\d{2}|P\d{2})$/;
