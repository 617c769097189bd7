import pino, { type Logger } from 'pino';
import { maskDeep, maskText } from './mask.js';

export type { Logger };

/**
 * Structured JSON logs (pino). Every object and message passes through the masker, so a resident ID
 * number or phone number that reaches a log line by accident is masked there too.
 */
export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'hotline-12333' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        log: (obj) => maskDeep(obj) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' ? maskText(a) : a)) as Parameters<typeof method>;
          return method.apply(this, masked);
        },
      },
      serializers: {
        req: (req) => ({ method: req.method, url: maskText(req.url ?? ''), id: req.id, ip: req.ip }),
        res: (res) => ({ statusCode: res.statusCode }),
        err: pino.stdSerializers.err,
      },
    },
    options.destination,
  );
}
