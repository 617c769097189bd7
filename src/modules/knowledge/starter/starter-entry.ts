import { z } from 'zod';
import { BUSINESS_LINES, LIBRARIES, SHORT_ANSWER_MAX_CHARS, TOPIC_ID_PATTERN } from '../../../shared/knowledge.js';

/**
 * One entry of the starter content (`content/*.json`): what a center gets on day one, written from
 * ../shared/domain/laws/ and ../shared/domain/rules.md. Seeding is idempotent on `key`.
 */
export const ZStarterEntry = z
  .object({
    /** Stable key: `<topic>` for the national entry, `<topic>@<center code>` for a regional one. */
    key: z.string().regex(/^[A-Za-z0-9_-]+(@[a-z0-9-]+)?$/),
    topics: z.array(z.string().regex(TOPIC_ID_PATTERN)).min(1),
    library: z.enum(LIBRARIES),
    businessLine: z.enum(BUSINESS_LINES),
    /** null: national. Otherwise the code of a demo center (jl, jl-changchun, jl-changchun-nongan, …). */
    region: z.string().nullable(),
    title: z.string().min(2).max(60),
    question: z.string().min(4).max(120),
    similarQuestions: z.array(z.string().min(3).max(120)).min(3),
    shortAnswer: z.string().min(10).max(SHORT_ANSWER_MAX_CHARS),
    /** Markdown: paragraphs, `-` lists, `**bold**`, `###` headings, tables. */
    fullAnswer: z.string().min(20),
    legalBasis: z.array(z.object({ law: z.string(), article: z.number().int().positive(), note: z.string().optional() })),
    /** Citations outside the law library: rules.md sections with their [P]/[S]/[U] mark, official URLs. */
    sources: z.array(z.string()).default([]),
    /** The answer quotes local figures (rates, amounts, dates) that the center must keep current. */
    localFigures: z.boolean().default(false),
    /** When the figures were last confirmed, and where from. Required with localFigures. */
    figuresNote: z.string().optional(),
    keywords: z.array(z.string()).default([]),
    validFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    validTo: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.localFigures && !e.figuresNote) ctx.addIssue({ code: 'custom', path: ['figuresNote'], message: 'localFigures needs figuresNote' });
    if (e.region && !e.key.endsWith(`@${e.region}`)) ctx.addIssue({ code: 'custom', path: ['key'], message: 'a regional key ends with @<region>' });
    if (e.legalBasis.length === 0 && e.sources.length === 0) ctx.addIssue({ code: 'custom', path: ['legalBasis'], message: 'needs a legal basis or a source' });
  });

export type TStarterEntry = z.infer<typeof ZStarterEntry>;
