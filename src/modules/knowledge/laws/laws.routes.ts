import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../../platform/http/app-error.js';
import { ZLaw, ZLawArticle, ZLawSearchQuery, ZLawSearchResult } from '../../../shared/api/knowledge.js';
import type { LawLibrary } from './law-library.service.js';

const tags = ['laws'];

/** The policy library: public, like the texts themselves. */
export function lawsRoutes(laws: LawLibrary): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/laws/search',
      { config: { access: 'public' }, schema: { tags, summary: '按群众的问题检索法条,最相关的在前', querystring: ZLawSearchQuery, response: { 200: ZLawSearchResult } } },
      async (req) => ({ items: laws.search(req.query.q, req.query.limit, req.query.law) }),
    );

    app.get(
      '/laws',
      { config: { access: 'public' }, schema: { tags, summary: '政策法规库中的法律法规', response: { 200: z.object({ items: z.array(ZLaw.omit({ kind: true, docNumber: true })) }) } } },
      async () => ({ items: laws.laws() }),
    );

    app.get(
      '/laws/:law/articles',
      { config: { access: 'public' }, schema: { tags, params: z.object({ law: z.string().min(1).max(60) }), response: { 200: z.object({ items: z.array(ZLawArticle) }) } } },
      async (req) => {
        const items = laws.articlesOf(req.params.law);
        if (items.length === 0) throw notFound('法律法规', 'Law');
        return { items };
      },
    );

    app.get(
      '/laws/:law/articles/:article',
      { config: { access: 'public' }, schema: { tags, params: z.object({ law: z.string().min(1).max(60), article: z.coerce.number().int().positive() }), response: { 200: ZLawArticle } } },
      async (req) => {
        const a = laws.article(req.params.law, req.params.article);
        if (!a) throw notFound('法条', 'Article');
        return a;
      },
    );
  };
}
