import type { ApiErrorBody } from '@shared/errors.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody['error'],
  ) {
    super(body.message);
  }
  text(lang: 'zh' | 'en') {
    return lang === 'en' ? this.body.messageEn : this.body.message;
  }
}

let onUnauthenticated: () => void = () => {};
export function setUnauthenticatedHandler(fn: () => void) {
  onUnauthenticated = fn;
}

/** Calls the platform API with the session cookie; throws ApiError with the server's message. */
export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(`/api/v1${url}`, {
    method,
    credentials: 'include',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return readResponse<T>(res, url);
}

/** Sends a file as the request body itself (e.g. a WAV recording), not as JSON. */
export async function upload<T>(method: string, url: string, file: Blob, contentType: string): Promise<T> {
  const res = await fetch(`/api/v1${url}`, { method, credentials: 'include', headers: { 'content-type': contentType }, body: file });
  return readResponse<T>(res, url);
}

async function readResponse<T>(res: Response, url: string): Promise<T> {
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (data as ApiErrorBody | null)?.error ?? { code: 'INTERNAL', message: `请求失败(${res.status})`, messageEn: `Request failed (${res.status})` };
    if (res.status === 401 && !url.startsWith('/auth/login')) onUnauthenticated();
    throw new ApiError(res.status, error as ApiErrorBody['error']);
  }
  return data as T;
}

export const get = <T,>(url: string) => api<T>('GET', url);
