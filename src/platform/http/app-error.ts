import { ERROR_STATUS, type ApiErrorBody, type ErrorCode, type FieldIssue } from '../../shared/errors.js';

/**
 * The one error type routes and services throw for an expected failure. Its code fixes the HTTP
 * status (shared/errors.ts); `message` is Chinese for people, `messageEn` English for logs.
 */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly messageZh: string,
    readonly messageEn: string,
    readonly extra: { fields?: FieldIssue[]; details?: Record<string, unknown> } = {},
  ) {
    super(messageEn);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }

  toBody(): ApiErrorBody {
    return {
      error: {
        code: this.code,
        message: this.messageZh,
        messageEn: this.messageEn,
        ...(this.extra.fields ? { fields: this.extra.fields } : {}),
        ...(this.extra.details ? { details: this.extra.details } : {}),
      },
    };
  }
}

export const notFound = (what: string, whatEn: string) =>
  new AppError('NOT_FOUND', `${what}不存在`, `${whatEn} not found`);

export const forbidden = () => new AppError('FORBIDDEN', '您的角色无权执行此操作', 'Your role may not do this');

export const outOfScope = () =>
  new AppError('OUT_OF_SCOPE', '该记录不属于您所在中心的管辖范围', 'This record belongs to a center outside your scope');

export const conflict = (zh: string, en: string, details?: Record<string, unknown>) =>
  new AppError('CONFLICT', zh, en, { details });

export const fieldError = (field: string, code: string, zh: string, en: string) =>
  new AppError('VALIDATION_FAILED', `${field}: ${zh}`, `${field}: ${en}`, { fields: [{ field, code, message: zh }] });
