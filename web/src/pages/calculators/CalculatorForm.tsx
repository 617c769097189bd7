import type { TCalcResponse, TCalculatorInfo, TLawArticle } from '@shared/api/index.js';
import { Alert, Button, Card, Descriptions, Form, Input, InputNumber, List, Modal, Select, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError, get } from '../../api';
import { useI18n } from '../../i18n';
import { enumLabel, fieldLabel, outputLabel } from './field-labels';
import { useCalcText } from './text';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: (string | number)[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  pattern?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

/** The object variant of a schema (a union of input shapes shows its first object form). */
function objectOf(schema: JsonSchema): JsonSchema {
  if (schema.properties) return schema;
  const variant = (schema.anyOf ?? schema.oneOf ?? []).find((s) => s.properties);
  return variant ?? { properties: {} };
}

function typeOf(s: JsonSchema): string {
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  if (t) return t;
  const inner = (s.anyOf ?? s.oneOf ?? []).find((x) => x.type && x.type !== 'null');
  return inner ? typeOf(inner) : 'string';
}

function enumOf(s: JsonSchema): (string | number)[] | undefined {
  return s.enum ?? (s.anyOf ?? s.oneOf ?? []).flatMap((x) => x.enum ?? (x as { const?: string }).const ?? []).filter(Boolean) as (string | number)[] | undefined;
}

/**
 * A calculator's form, built from its input schema (GET /calculators), and its answer: the figures,
 * the steps with their legal basis (each opens the article), the assumptions and the local figures used.
 */
export function CalculatorForm({ info, region }: { info: TCalculatorInfo; region?: string }) {
  const t = useCalcText();
  const { lang } = useI18n();
  const [form] = Form.useForm();
  const [result, setResult] = useState<TCalcResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [article, setArticle] = useState<TLawArticle | null>(null);
  const schema = objectOf(info.input as JsonSchema);
  const required = new Set(schema.required ?? []);
  const maintained = new Set(Object.keys(info.parameters));

  async function submit(values: Record<string, unknown>) {
    setBusy(true);
    setError(null);
    form.setFields(Object.keys(values).map((name) => ({ name, errors: [] })));
    const body: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== '') body[k] = v;
    if (region) body.region = region;
    try {
      setResult(await api<TCalcResponse>('POST', `/calculators/${info.name}`, body));
    } catch (err) {
      setResult(null);
      if (err instanceof ApiError) {
        const fields = (err.body.fields ?? []).map((f) => ({ path: f.field.replace(/^body\./, '').split('.'), message: f.message }));
        form.setFields(fields.filter((f) => f.path[0] && schema.properties?.[f.path[0]]).map((f) => ({ name: f.path.map((p) => (/^\d+$/.test(p) ? Number(p) : p)), errors: [f.message] })));
        setError(err.text(lang));
      } else setError(t('failed'));
    } finally {
      setBusy(false);
    }
  }

  async function openArticle(law: string, no: number) {
    setArticle(await get<TLawArticle>(`/laws/${encodeURIComponent(law)}/articles/${no}`).catch(() => null));
  }

  const fieldInput = (name: string, s: JsonSchema) => {
    const type = typeOf(s);
    const options = enumOf(s);
    if (options?.length) return <Select aria-label={fieldLabel(name, lang)} allowClear={!required.has(name)} options={options.map((o) => ({ value: o, label: enumLabel(name, String(o), lang) }))} />;
    if (type === 'boolean') return <Switch aria-label={fieldLabel(name, lang)} checkedChildren={t('yes')} unCheckedChildren={t('no')} />;
    if (type === 'number' || type === 'integer') return <InputNumber aria-label={fieldLabel(name, lang)} style={{ width: '100%' }} min={s.minimum} max={s.maximum} precision={type === 'integer' ? 0 : undefined} />;
    return <Input aria-label={fieldLabel(name, lang)} placeholder={s.pattern?.includes('\\d{2}-') || name.endsWith('Month') ? 'YYYY-MM' : name.endsWith('Date') ? 'YYYY-MM-DD' : undefined} />;
  };

  const initial = Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([, s]) => s.default !== undefined && typeOf(s) !== 'array').map(([k, s]) => [k, s.default]));

  return (
    <div data-testid={`calculator-${info.name}`}>
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit} onValuesChange={() => setError(null)}>
        {Object.entries(schema.properties ?? {}).filter(([, s]) => typeOf(s) !== 'object').map(([name, s]) => {
          const label = (
            <span>
              {fieldLabel(name, lang)}
              {maintained.has(name) ? (
                <Typography.Text type="secondary"> ({t('maintainedHint')})</Typography.Text>
              ) : (
                !required.has(name) && <Typography.Text type="secondary"> ({t('optional')})</Typography.Text>
              )}
            </span>
          );
          if (typeOf(s) === 'array' && s.items) {
            const item = objectOf(s.items);
            return (
              <Form.Item key={name} label={label}>
                <Form.List name={name}>
                  {(rows, { add, remove }) => (
                    <Space direction="vertical" style={{ width: '100%' }}>
                      {rows.map((row) => (
                        <Space key={row.key} wrap align="baseline">
                          {Object.entries(item.properties ?? {}).map(([sub, ss]) => (
                            <Form.Item key={sub} name={[row.name, sub]} label={fieldLabel(sub, lang)} valuePropName={typeOf(ss) === 'boolean' ? 'checked' : 'value'} rules={(item.required ?? []).includes(sub) ? [{ required: true, message: t('required') }] : []}>
                              {fieldInput(sub, ss)}
                            </Form.Item>
                          ))}
                          <Button size="small" onClick={() => remove(row.name)}>{t('remove')}</Button>
                        </Space>
                      ))}
                      <Button size="small" onClick={() => add()}>{name === 'dependants' ? t('addDependant') : t('addRow')}</Button>
                    </Space>
                  )}
                </Form.List>
              </Form.Item>
            );
          }
          return (
            <Form.Item key={name} name={name} label={label} valuePropName={typeOf(s) === 'boolean' ? 'checked' : 'value'} rules={required.has(name) && s.default === undefined && !maintained.has(name) ? [{ required: true, message: t('required') }] : []}>
              {fieldInput(name, s)}
            </Form.Item>
          );
        })}
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>{t('calculate')}</Button>
          <Button onClick={() => { form.resetFields(); setResult(null); setError(null); }}>{t('reset')}</Button>
        </Space>
      </Form>
      {error && <Alert style={{ marginTop: 16 }} type="error" showIcon message={error} data-testid="calc-error" />}
      {result && (
        <Card style={{ marginTop: 16 }} title={t('result')} data-testid="calc-result">
          <Alert style={{ marginBottom: 12 }} type={result.estimate ? 'warning' : 'info'} showIcon message={result.estimate ? t('estimate') : t('exact')} />
          <Descriptions column={1} size="small" bordered>
            {Object.entries(result.result).filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object').map(([k, v]) => (
              <Descriptions.Item key={k} label={outputLabel(k, lang)}>
                <span data-testid={`out-${k}`}>{typeof v === 'boolean' ? (v ? t('yes') : t('no')) : String(v)}</span>
              </Descriptions.Item>
            ))}
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>{t('steps')}</Typography.Title>
          <List
            size="small"
            dataSource={result.steps}
            renderItem={(s, i) => (
              <List.Item>
                <div>
                  <Typography.Text strong>{i + 1}. {s.title}</Typography.Text>
                  <div>{s.detail}</div>
                  {s.basis.length > 0 && (
                    <Space size={4} wrap style={{ marginTop: 4 }}>
                      {s.basis.map((b) => (
                        <Tag key={`${b.law}${b.article}`} color="blue" style={{ cursor: 'pointer' }} onClick={() => void openArticle(b.law, b.article)}>
                          《{b.law}》第{b.article}条
                        </Tag>
                      ))}
                    </Space>
                  )}
                  {s.sources.map((src) => <div key={src}><Typography.Text type="secondary">{src}</Typography.Text></div>)}
                </div>
              </List.Item>
            )}
          />
          {result.assumptions.length > 0 && (
            <Alert
              style={{ marginTop: 12 }}
              type="warning"
              message={t('assumptions')}
              description={<ul style={{ margin: 0, paddingLeft: 18 }}>{result.assumptions.map((a) => <li key={a}>{a}</li>)}</ul>}
            />
          )}
        </Card>
      )}
      <Modal open={!!article} onCancel={() => setArticle(null)} footer={null} title={article ? `《${article.law}》${article.label}` : ''}>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{article?.text}</Typography.Paragraph>
      </Modal>
    </div>
  );
}
