import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type FastifyPluginAsyncZod,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { installAccessControl, type PrincipalResolver } from './access.js';
import { installErrorHandler } from './error-handler.js';

export type HttpServerOptions = {
  log: Logger;
  bodyLimitBytes: number;
  trustProxy: boolean;
  publicRateLimitPerMinute: number;
  webDistDir: string | null;
  resolvePrincipal: PrincipalResolver;
  /** Routes outside /api (health). */
  rootRoutes: FastifyPluginAsyncZod[];
  /** Routes under /api/v1, one plugin per module. */
  apiRoutes: FastifyPluginAsyncZod[];
};

/**
 * The HTTP transport: Fastify with zod schemas, OpenAPI at /docs, one error shape, access control on
 * every route, rate limits on public routes, and the built web app with client-side routing.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.log as unknown as FastifyBaseLogger,
    bodyLimit: options.bodyLimitBytes,
    trustProxy: options.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
  });
  await app.register(cookie);
  // Only routes that opt in (public ones) are limited; staff routes sit behind sign-in.
  await app.register(rateLimit, {
    global: false,
    max: options.publicRateLimitPerMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      error: { code: 'RATE_LIMITED', message: `请求过于频繁,请 ${Math.ceil(ctx.ttl / 1000)} 秒后再试`, messageEn: 'Too many requests' },
    }),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: '12333 服务平台 API', version: '1', description: '12333 human resources and social security service platform' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'hotline_sid' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  installAccessControl(app, options.resolvePrincipal);

  // Public routes get the rate limit unless they set their own.
  app.addHook('onRoute', (route) => {
    if (route.config?.access === 'public' && route.config.rateLimit === undefined) {
      route.config.rateLimit = { max: options.publicRateLimitPerMinute, timeWindow: '1 minute' };
    }
  });

  for (const routes of options.rootRoutes) await app.register(routes);
  await app.register(
    async (api) => {
      for (const routes of options.apiRoutes) await api.withTypeProvider<ZodTypeProvider>().register(routes);
    },
    { prefix: '/api/v1' },
  );

  if (options.webDistDir && fs.existsSync(path.join(options.webDistDir, 'index.html'))) {
    await serveWebApp(app, options.webDistDir);
  } else {
    options.log.warn({ webDistDir: options.webDistDir }, 'web app not built; serving the API only (npm run build:web)');
  }
  return app;
}

async function serveWebApp(app: FastifyInstance, root: string) {
  await app.register(fastifyStatic, { root, serve: false });
  const indexHtml = fs.readFileSync(path.join(root, 'index.html'));
  const sendIndex = (_req: unknown, reply: any) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
  app.get('/', { config: { access: 'public', rateLimit: false } }, sendIndex);
  // Client-side routes of the single-page app; /api and /docs never fall through to it.
  app.get('/*', { config: { access: 'public', rateLimit: false } }, (req, reply) => {
    const url = req.url.split('?')[0]!;
    if (url.startsWith('/api/') || url.startsWith('/docs')) {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `接口不存在:${req.method} ${url}`, messageEn: 'No such route' } });
    }
    const file = path.join(root, path.normalize(url).replace(/^(\.\.[/\\])+/, ''));
    if (file.startsWith(root) && fs.existsSync(file) && fs.statSync(file).isFile()) {
      if (url.startsWith('/assets/')) reply.header('cache-control', 'public, max-age=31536000, immutable');
      return reply.sendFile(path.relative(root, file));
    }
    return sendIndex(req, reply);
  });
}
