import type { TCenter, TParameter, TParameterInput } from '@shared/api/index.js';
import { PARAMETER_LABELS, PARAMETER_KEY_LIST } from '@shared/api/calculators.js';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError, get } from '../../api';
import { useAuth } from '../../auth';
import { useI18n } from '../../i18n';
import { useLoad } from '../../useLoad';
import { useCalcText } from './text';

/** Administrators keep the local figures the calculators use, each with its year and source. */
export function ParametersPage() {
  const t = useCalcText();
  const { lang } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const { data, error, reload } = useLoad(() => get<{ items: TParameter[] }>('/calculators/parameters'), []);
  const centers = useLoad(() => get<{ items: TCenter[] }>('/centers'), []);
  const [editing, setEditing] = useState<Partial<TParameterInput> | null>(null);
  const [form] = Form.useForm();
  const isAdmin = me?.roles.includes('admin') ?? false;

  async function save() {
    const values = await form.validateFields();
    try {
      await api('PUT', '/calculators/parameters', { ...values, centerId: values.centerId ?? null, note: values.note || null });
      message.success(t('saved'));
      setEditing(null);
      await reload();
    } catch (err) {
      if (err instanceof ApiError) {
        form.setFields((err.body.fields ?? []).map((f) => ({ name: f.field.replace(/^body\./, ''), errors: [f.message] })));
        if (!err.body.fields) message.error(err.text(lang));
      }
    }
  }

  async function remove(id: number) {
    try {
      await api('DELETE', `/calculators/parameters/${id}`);
      await reload();
    } catch (err) {
      if (err instanceof ApiError) message.error(err.text(lang));
    }
  }

  const open = (p: Partial<TParameterInput>) => {
    form.resetFields();
    form.setFieldsValue(p);
    setEditing(p);
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4}>{t('parameters')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('parametersHint')}</Typography.Paragraph>
      {error && <Alert type="error" message={error.text(lang)} />}
      {isAdmin && <Button type="primary" onClick={() => open({ year: new Date().getFullYear(), centerId: me?.center.id ?? null })}>{t('add')}</Button>}
      <Table<TParameter>
        rowKey="id"
        size="small"
        dataSource={data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('key'), dataIndex: 'key', render: (k: TParameter['key']) => PARAMETER_LABELS[k][lang] },
          { title: t('scope'), dataIndex: 'regionName', render: (n: string | null) => n ?? t('national') },
          { title: t('year'), dataIndex: 'year' },
          { title: t('value'), dataIndex: 'value', render: (v: number, r) => `${v} ${PARAMETER_LABELS[r.key].unit}` },
          { title: t('source'), dataIndex: 'source' },
          { title: t('updatedBy'), dataIndex: 'updatedBy' },
          ...(isAdmin
            ? [
                {
                  title: '',
                  key: 'actions',
                  render: (_: unknown, r: TParameter) => (
                    <Space>
                      <Button size="small" onClick={() => open({ centerId: r.centerId, key: r.key, year: r.year, value: r.value, source: r.source, note: r.note })}>{t('edit')}</Button>
                      <Popconfirm title={t('confirmDelete')} onConfirm={() => void remove(r.id)}>
                        <Button size="small" danger>{t('del')}</Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal open={!!editing} title={t('parameters')} onCancel={() => setEditing(null)} onOk={() => void save()} okText={t('save')}>
        <Form form={form} layout="vertical">
          <Form.Item name="centerId" label={t('scope')}>
            <Select allowClear placeholder={t('national')} options={(centers.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Form.Item name="key" label={t('key')} rules={[{ required: true }]}>
            <Select options={PARAMETER_KEY_LIST.map((k) => ({ value: k, label: `${PARAMETER_LABELS[k][lang]}（${PARAMETER_LABELS[k].unit}）` }))} />
          </Form.Item>
          <Form.Item name="year" label={t('year')} rules={[{ required: true }]}>
            <InputNumber min={1990} max={2100} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="value" label={t('value')} rules={[{ required: true }]}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="source" label={t('source')} rules={[{ required: true }]}>
            <Input placeholder="如：吉政函〔2024〕66号" />
          </Form.Item>
          <Form.Item name="note" label={t('note')}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
