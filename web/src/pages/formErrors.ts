import type { FormInstance } from 'antd';
import { ApiError } from '../api';

/** Puts the server's field errors on the form's fields; returns the message when no field matched. */
export function applyServerErrors(form: FormInstance, err: unknown, lang: 'zh' | 'en'): string | null {
  if (!(err instanceof ApiError)) return String(err);
  const known = new Set(Object.keys(form.getFieldsValue(true)));
  const fields = (err.body.fields ?? [])
    .map((f) => ({ name: f.field.replace(/^body\./, '').split('.')[0]!, errors: [f.message] }))
    .filter((f) => known.has(f.name));
  form.setFields(fields);
  return fields.length ? null : err.text(lang);
}
