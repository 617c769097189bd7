import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting of the platform, read from the environment once at boot.
 * README.md lists them; keep the two in step.
 */
const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'must start with postgres:// or postgresql://' })
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DEMO_MODE: booleanFromEnv.optional(),
  NATS_URL: z
    .string()
    .regex(/^(nats|tls):\/\//, { message: 'must start with nats:// or tls://' })
    .optional(),
  NATS_STREAM: z.string().regex(/^[A-Za-z0-9_-]+$/).default('HOTLINE_EVENTS'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce.number().min(0.1).max(24 * 30).default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().min(1).max(24 * 60).default(15),
  PUBLIC_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  COOKIE_SECURE: booleanFromEnv.optional(),
  TRUST_PROXY: booleanFromEnv.default(false),
  WEB_DIST_DIR: z.string().default('web/dist'),
  KB_STARTER_CONTENT: booleanFromEnv.default(true),
  LLM_BASE_URL: z.string().url().optional(),
  LLM_API_KEY: z.string().optional(),
  LLM_MODEL: z.string().min(1).default('qwen-plus'),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(200).max(60_000).default(4000),
  SIP_ENABLED: booleanFromEnv.optional(),
  SIP_HOST: z.string().min(1).optional(),
  SIP_PORT: z.coerce.number().int().min(0).max(65535).default(5060),
  SIP_PUBLIC_ADDRESS: z.string().min(1).optional(),
  SIP_REALM: z.string().regex(/^[A-Za-z0-9.-]+$/, { message: 'letters, digits, dots and dashes' }).default('12333'),
  SIP_SERVICE_NUMBERS: z.string().regex(/^\d{3,20}(,\d{3,20})*$/, { message: 'comma-separated numbers' }).default('12333'),
  SIP_TRUNK_ALLOW: z.string().default(''),
  SIP_GATEWAY: z.string().regex(/^[^:\s]+:\d{1,5}$/, { message: 'host:port' }).optional(),
  RTP_PORT_MIN: z.coerce.number().int().min(1024).max(65534).default(20000),
  RTP_PORT_MAX: z.coerce.number().int().min(1025).max(65535).default(29999),
  RTP_TIMEOUT_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  RTP_RECV_BUFFER_BYTES: z.coerce.number().int().min(65536).max(64 * 1024 * 1024).default(512 * 1024),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  dataDir: string;
  database: { kind: 'pglite'; dataDir: string | null } | { kind: 'postgres'; url: string; poolSize: number };
  /** Demo users and the reference province are seeded; defaults to true on the embedded database only. */
  demoMode: boolean;
  nats: { url: string; stream: string } | null;
  logLevel: string;
  sessionTtlMs: number;
  login: { maxFailures: number; lockMs: number };
  publicRateLimitPerMinute: number;
  bodyLimitBytes: number;
  cookieSecure: boolean;
  trustProxy: boolean;
  webDistDir: string;
  /** Publish the knowledge base's starter content (one entry per seed topic) where it is missing. */
  knowledgeStarter: boolean;
  /**
   * An OpenAI-compatible chat endpoint that may rephrase a retrieved answer for the conversation
   * (never add facts). Off unless LLM_BASE_URL is set; the answering engine works fully without it.
   */
  llm: { baseUrl: string; apiKey: string | null; model: string; timeoutMs: number } | null;
  /**
   * The phone line: SIP over UDP and TCP on `port`, RTP on even ports of `rtpPorts`. Calls to a
   * service number are taken from the trunk allow-list (loopback too in demo mode); anything else
   * must be an authenticated agent phone. Off in tests unless a test turns it on.
   */
  sip: {
    enabled: boolean;
    host: string;
    port: number;
    publicAddress: string;
    realm: string;
    serviceNumbers: string[];
    trunkAllow: string[];
    gateway: { host: string; port: number } | null;
    rtpPorts: { min: number; max: number };
    rtpTimeoutMs: number;
    rtpRecvBufferBytes: number;
  };
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`),
    );
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    dataDir,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') },
    demoMode: e.DEMO_MODE ?? !e.DATABASE_URL,
    nats: e.NATS_URL ? { url: e.NATS_URL, stream: e.NATS_STREAM } : null,
    logLevel: e.LOG_LEVEL,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    login: { maxFailures: e.LOGIN_MAX_FAILURES, lockMs: e.LOGIN_LOCK_MINUTES * 60_000 },
    publicRateLimitPerMinute: e.PUBLIC_RATE_LIMIT_PER_MINUTE,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    cookieSecure: e.COOKIE_SECURE ?? e.NODE_ENV === 'production',
    trustProxy: e.TRUST_PROXY,
    webDistDir: path.resolve(e.WEB_DIST_DIR),
    knowledgeStarter: e.KB_STARTER_CONTENT,
    llm: e.LLM_BASE_URL ? { baseUrl: e.LLM_BASE_URL.replace(/\/+$/, ''), apiKey: e.LLM_API_KEY ?? null, model: e.LLM_MODEL, timeoutMs: e.LLM_TIMEOUT_MS } : null,
    sip: {
      enabled: e.SIP_ENABLED ?? e.NODE_ENV !== 'test',
      host: e.SIP_HOST ?? e.HOST,
      port: e.SIP_PORT,
      publicAddress: e.SIP_PUBLIC_ADDRESS ?? publicAddressOf(e.SIP_HOST ?? e.HOST),
      realm: e.SIP_REALM,
      serviceNumbers: e.SIP_SERVICE_NUMBERS.split(','),
      trunkAllow: e.SIP_TRUNK_ALLOW.split(',').map((x) => x.trim()).filter(Boolean),
      gateway: e.SIP_GATEWAY ? { host: e.SIP_GATEWAY.split(':')[0]!, port: Number(e.SIP_GATEWAY.split(':')[1]) } : null,
      rtpPorts: { min: Math.min(e.RTP_PORT_MIN, e.RTP_PORT_MAX), max: Math.max(e.RTP_PORT_MIN, e.RTP_PORT_MAX) },
      rtpTimeoutMs: e.RTP_TIMEOUT_SECONDS * 1000,
      rtpRecvBufferBytes: e.RTP_RECV_BUFFER_BYTES,
    },
  };
}

/** The address peers reach a wildcard bind on: the first external IPv4 address, else loopback. */
function publicAddressOf(host: string): string {
  if (host !== '0.0.0.0' && host !== '::') return host;
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return '127.0.0.1';
}

/** The settings table of README.md, kept here so a test can check the README lists them all. */
export const CONFIG_VARIABLES = Object.keys(ZEnv.shape);
