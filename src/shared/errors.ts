/**
 * Error codes shared by the server and the web app. Every API error body is
 * `{ error: { code, message, messageEn, fields? } }`: `message` is Chinese for people,
 * `code` is for programs. The HTTP status of each code is fixed here, in one place.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  OUT_OF_SCOPE: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  CALENDAR_YEAR_NOT_LOADED: 422,
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type FieldIssue = {
  /** Dotted path of the offending field, e.g. `body.workingHours.0.start`. */
  field: string;
  code: string;
  message: string;
};

export type ApiErrorBody = {
  error: {
    code: ErrorCode;
    message: string;
    messageEn: string;
    fields?: FieldIssue[];
    details?: Record<string, unknown>;
  };
};
