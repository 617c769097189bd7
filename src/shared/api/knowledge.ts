import { z } from 'zod';
import {
  BUSINESS_LINES,
  ENTRY_STATUSES,
  LIBRARIES,
  SHORT_ANSWER_MAX_CHARS,
  TOPIC_ID_PATTERN,
} from '../knowledge.js';
import { ZDate } from './common.js';

export const ZLibrary = z.enum(LIBRARIES);
export const ZBusinessLine = z.enum(BUSINESS_LINES);
export const ZEntryStatus = z.enum(ENTRY_STATUSES);

export const ZLegalBasisRef = z.object({
  law: z.string().trim().min(2).max(60),
  article: z.number().int().positive().max(999),
  note: z.string().trim().max(200).optional(),
});
export type TLegalBasisRef = z.infer<typeof ZLegalBasisRef>;

const ZLine = (max: number) => z.string().trim().min(1, { message: '不能为空' }).max(max, { message: `不超过 ${max} 字` });

/** What an editor writes; one version of an entry. */
export const ZEntryContent = z
  .object({
    library: ZLibrary,
    businessLine: ZBusinessLine,
    /** null: national. Otherwise the center (province, city or county) whose callers it is for. */
    regionCenterId: z.number().int().positive().max(2_147_483_647).nullable(),
    title: ZLine(60),
    question: ZLine(120),
    /** The ways callers ask it: a much-asked entry collects a few hundred over the years. */
    similarQuestions: z.array(ZLine(120)).max(300).default([]),
    shortAnswer: z
      .string()
      .trim()
      .min(1, { message: '不能为空' })
      .max(SHORT_ANSWER_MAX_CHARS, { message: `电话答复不超过 ${SHORT_ANSWER_MAX_CHARS} 字(约 60 秒)` }),
    /** Markdown. */
    fullAnswer: z.string().trim().min(1, { message: '不能为空' }).max(20000),
    legalBasis: z.array(ZLegalBasisRef).max(50).default([]),
    sources: z.array(z.string().trim().min(1).max(500)).max(20).default([]),
    topics: z.array(z.string().regex(TOPIC_ID_PATTERN, { message: '主题编号形如 S001、C01、P01' })).max(20).default([]),
    keywords: z.array(ZLine(30)).max(30).default([]),
    localFigures: z.boolean().default(false),
    figuresNote: z.string().trim().max(500).nullable().default(null),
    validFrom: ZDate.nullable().default(null),
    validTo: ZDate.nullable().default(null),
  })
  .refine((c) => !c.validFrom || !c.validTo || c.validFrom <= c.validTo, {
    message: '失效日期不能早于生效日期',
    path: ['validTo'],
  });
export type TEntryContent = z.infer<typeof ZEntryContent>;

export const ZEntry = z.object({
  id: z.number().int(),
  key: z.string().nullable(),
  status: ZEntryStatus,
  /** The version being edited (or the published one when nothing is pending). */
  version: z.number().int(),
  publishedVersion: z.number().int().nullable(),
  content: z.custom<TEntryContent>(),
  regionName: z.string().nullable(),
  reviewComment: z.string().nullable(),
  submittedBy: z.string().nullable(),
  updatedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  hits: z.number().int(),
  useful: z.number().int(),
  notUseful: z.number().int(),
  /** Published, in validity today, and visible to citizens. */
  liveForCitizens: z.boolean(),
});
export type TEntry = z.infer<typeof ZEntry>;

export const ZEntryVersion = z.object({
  version: z.number().int(),
  content: z.custom<TEntryContent>(),
  authorName: z.string(),
  createdAt: z.string(),
  changeNote: z.string().nullable(),
  publishedAt: z.string().nullable(),
});
export type TEntryVersion = z.infer<typeof ZEntryVersion>;

export const ZFieldDiff = z.object({
  field: z.string(),
  /** Parts in order: unchanged, added or removed text. */
  parts: z.array(z.object({ value: z.string(), added: z.boolean().optional(), removed: z.boolean().optional() })),
});
export type TFieldDiff = z.infer<typeof ZFieldDiff>;

const ZCsv = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item));

export const ZValidity = z.enum(['current', 'expired', 'future', 'any']);

export const ZEntryListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  library: ZCsv(ZLibrary).optional(),
  businessLine: ZCsv(ZBusinessLine).optional(),
  status: ZCsv(ZEntryStatus).optional(),
  /** A center id; `national` for entries without a region. */
  region: z.union([z.literal('national'), z.coerce.number().int().positive().max(2_147_483_647)]).optional(),
  validity: ZValidity.default('any'),
  topic: z.string().regex(TOPIC_ID_PATTERN).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type TEntryListQuery = z.infer<typeof ZEntryListQuery>;

export const ZHighlight = z.object({
  field: z.string(),
  text: z.string(),
  /** [start, end) character ranges of `text` to mark. */
  marks: z.array(z.tuple([z.number().int(), z.number().int()])),
});
export type THighlight = z.infer<typeof ZHighlight>;

export const ZEntryListItem = z.object({
  id: z.number().int(),
  status: ZEntryStatus,
  version: z.number().int(),
  publishedVersion: z.number().int().nullable(),
  library: ZLibrary,
  businessLine: ZBusinessLine,
  regionCenterId: z.number().int().nullable(),
  regionName: z.string().nullable(),
  title: z.string(),
  question: z.string(),
  shortAnswer: z.string(),
  topics: z.array(z.string()),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  updatedAt: z.string(),
  updatedBy: z.string(),
  hits: z.number().int(),
  score: z.number().optional(),
  highlights: z.array(ZHighlight).optional(),
});
export type TEntryListItem = z.infer<typeof ZEntryListItem>;

export const ZReviewDecision = z.object({ comment: z.string().trim().max(1000).optional() });
export const ZSendBack = z.object({ comment: z.string().trim().min(1, { message: '退回时必须写明原因' }).max(1000) });
export const ZEntrySave = z.object({ content: ZEntryContent, changeNote: z.string().trim().max(200).optional() });

/** What citizens (web, robot, IVR) see: the published version only. */
export const ZPublicEntry = z.object({
  id: z.number().int(),
  library: ZLibrary,
  businessLine: ZBusinessLine,
  region: z.string().nullable(),
  title: z.string(),
  question: z.string(),
  shortAnswer: z.string(),
  fullAnswer: z.string(),
  legalBasis: z.array(ZLegalBasisRef),
  topics: z.array(z.string()),
  localFigures: z.boolean(),
  updatedAt: z.string(),
});
export type TPublicEntry = z.infer<typeof ZPublicEntry>;

export const ZPublicSearchQuery = z.object({
  q: z.string().trim().min(1, { message: '请输入问题' }).max(500),
  /** The caller's center code (from the number or the web page), for local entries. */
  region: z.string().trim().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});

export const ZFeedback = z.object({
  useful: z.boolean(),
  comment: z.string().trim().max(500).optional(),
  channel: z.enum(['web', 'wechat', 'phone', 'agent']).default('web'),
});

export const ZLawArticle = z.object({
  law: z.string(),
  lawTitle: z.string(),
  article: z.number().int().nullable(),
  label: z.string(),
  chapter: z.string().nullable(),
  versionDate: z.string(),
  text: z.string(),
  superseded: z
    .object({ note: z.string(), byLaw: z.string().nullable(), byArticle: z.number().int().nullable(), source: z.string().nullable() })
    .nullable(),
});
export type TLawArticle = z.infer<typeof ZLawArticle>;

export const ZLawSearchQuery = z.object({
  q: z.string().trim().min(1, { message: '请输入问题' }).max(500),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  law: z.string().trim().max(60).optional(),
});

export const ZLawSearchResult = z.object({
  items: z.array(
    z.object({
      law: z.string(),
      article: z.number().int().nullable(),
      chapter: z.string().nullable(),
      text: z.string(),
      score: z.number(),
      label: z.string(),
      lawTitle: z.string(),
      superseded: ZLawArticle.shape.superseded,
    }),
  ),
});

export const ZLaw = z.object({
  short: z.string(),
  title: z.string(),
  kind: z.string(),
  docNumber: z.string().nullable(),
  versionDate: z.string(),
  articleCount: z.number().int(),
});

export const ZBulletin = z.object({
  date: z.string(),
  items: z.array(
    z.object({
      id: z.number().int(),
      change: z.enum(['new', 'changed', 'archived']),
      version: z.number().int(),
      title: z.string(),
      question: z.string(),
      shortAnswer: z.string(),
      library: ZLibrary,
      businessLine: ZBusinessLine,
      regionName: z.string().nullable(),
      publishedAt: z.string(),
      publishedBy: z.string(),
      changeNote: z.string().nullable(),
      changedFields: z.array(z.string()),
    }),
  ),
});
export type TBulletin = z.infer<typeof ZBulletin>;

export const ZImportReport = z.object({
  dryRun: z.boolean(),
  imported: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })),
});
export type TImportReport = z.infer<typeof ZImportReport>;
