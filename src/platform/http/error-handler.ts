import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { FieldIssue } from '../../shared/errors.js';
import { AppError } from './app-error.js';

/**
 * Turns every failure into the shared error body. Bad input is a 4xx naming the field; anything
 * unexpected is logged with its stack and answered 500 without one.
 */
export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | AppError | Error, req, reply) => {
    if (err instanceof AppError) {
      if (err.status >= 500) req.log.error({ err }, 'request failed');
      return reply.status(err.status).send(err.toBody());
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields: FieldIssue[] = err.validation.map((v) => {
        const where = err.validationContext ?? 'body';
        const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
        return {
          field: path ? `${where}.${path}` : where,
          code: v.keyword,
          message: chineseMessage(v.message ?? '', v.keyword),
        };
      });
      const first = fields[0]!;
      return reply.status(400).send({
        error: {
          code: 'VALIDATION_FAILED',
          message: `输入有误:${first.field} ${first.message}`,
          messageEn: `Invalid input: ${first.field}`,
          fields,
        },
      });
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, cause: err.cause }, 'response did not match its schema');
      return reply.status(500).send(internal());
    }
    const fe = err as FastifyError;
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.status(fe.statusCode).send({ error: clientError(fe) });
    }
    if (fe.statusCode === 503) {
      return reply.status(503).send({ error: { code: 'UNAVAILABLE', message: '服务暂不可用,请稍后再试', messageEn: 'Service unavailable' } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(internal());
  });

  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send({
      error: { code: 'NOT_FOUND', message: `接口不存在:${req.method} ${req.url.split('?')[0]}`, messageEn: 'No such route' },
    });
  });
}

function internal() {
  return { error: { code: 'INTERNAL', message: '系统内部错误,已记录,请稍后再试', messageEn: 'Internal error' } };
}

function clientError(err: FastifyError) {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大', messageEn: 'Request body too large' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的内容类型,请使用 application/json', messageEn: 'Unsupported content type' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'BAD_REQUEST', message: '请求体为空', messageEn: 'Empty JSON body', fields: [{ field: 'body', code: 'required', message: '请求体为空' }] };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case undefined:
    default:
      if (err.statusCode === 429) {
        return { code: 'RATE_LIMITED', message: '请求过于频繁,请稍后再试', messageEn: 'Too many requests' };
      }
      if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
        return { code: 'BAD_REQUEST', message: '请求体不是合法的 JSON', messageEn: 'Body is not valid JSON', fields: [{ field: 'body', code: 'invalid_json', message: '不是合法的 JSON' }] };
      }
      return { code: 'BAD_REQUEST', message: '请求有误', messageEn: err.message };
  }
}

/** Zod's messages are English unless the schema gave a Chinese one; translate the common ones. */
function chineseMessage(message: string, code?: string): string {
  if (/[\u4e00-\u9fff]/.test(message)) return message;
  if (/expected .* received undefined/i.test(message) || /required/i.test(message)) return '必填';
  switch (code) {
    case 'invalid_type':
      return `类型不正确(${message})`;
    case 'too_small':
      return `过小或过短(${message})`;
    case 'too_big':
      return `过大或过长(${message})`;
    case 'invalid_format':
    case 'invalid_string':
      return `格式不正确(${message})`;
    case 'invalid_value':
    case 'invalid_enum_value':
      return `取值不在允许范围内(${message})`;
    case 'unrecognized_keys':
      return `含有不认识的字段(${message})`;
    default:
      return message || '不合法';
  }
}
