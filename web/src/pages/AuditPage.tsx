import type { TAuditEntry } from '@shared/api/index.js';
import { Alert, Button, Card, DatePicker, Form, Input, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { get } from '../api';
import { useI18n } from '../i18n';
import { useLoad } from '../useLoad';

type Filters = Record<string, string>;

export function AuditPage() {
  const { t, lang } = useI18n();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const query = new URLSearchParams({ ...filters, page: String(page), pageSize: '20' }).toString();
  const data = useLoad(() => get<{ items: TAuditEntry[]; total: number }>(`/audit?${query}`), [query]);
  const onSearch = (v: any) => {
    const f: Filters = {};
    for (const k of ['actorId', 'action', 'entityType', 'entityId']) if (v[k]) f[k] = String(v[k]).trim();
    if (v.range?.[0]) f.from = v.range[0].format('YYYY-MM-DD');
    if (v.range?.[1]) f.to = v.range[1].format('YYYY-MM-DD');
    setPage(1);
    setFilters(f);
  };
  return (
    <Card title={t('audit')}>
      <Form layout="inline" onFinish={onSearch} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="action"><Input placeholder={`${t('action')} (user. / auth.login)`} allowClear /></Form.Item>
        <Form.Item name="entityType"><Input placeholder={`${t('entity')} (staff_user, center…)`} allowClear /></Form.Item>
        <Form.Item name="entityId"><Input placeholder="ID" allowClear style={{ width: 90 }} /></Form.Item>
        <Form.Item name="actorId"><Input placeholder={`${t('actor')} ID`} allowClear style={{ width: 100 }} /></Form.Item>
        <Form.Item name="range"><DatePicker.RangePicker /></Form.Item>
        <Button type="primary" htmlType="submit">{t('search')}</Button>
      </Form>
      {data.error && <Alert type="error" message={data.error.text(lang)} />}
      <Table
        size="small"
        rowKey="id"
        loading={data.loading}
        dataSource={data.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: data.data?.total ?? 0, onChange: setPage, showTotal: (n) => `${t('total')} ${n}` }}
        expandable={{ expandedRowRender: (r) => <Diff before={r.before} after={r.after} /> }}
        columns={[
          { title: t('time'), dataIndex: 'at', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss') },
          { title: t('actor'), dataIndex: 'actorName' },
          { title: t('action'), dataIndex: 'action' },
          { title: t('entity'), render: (_: unknown, r: TAuditEntry) => `${r.entityType} ${r.entityId ?? ''}` },
          { title: 'IP', dataIndex: 'ip' },
        ]}
      />
    </Card>
  );
}

/** Before and after side by side, changed keys highlighted. */
function Diff({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useI18n();
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return (
    <Table size="small" rowKey="key" pagination={false} dataSource={keys.map((key) => ({ key, before: b[key], after: a[key], changed: JSON.stringify(b[key]) !== JSON.stringify(a[key]) }))}
      columns={[
        { title: 'key', dataIndex: 'key', render: (k: string, r: any) => <Typography.Text mark={r.changed}>{k}</Typography.Text> },
        { title: t('before'), dataIndex: 'before', render: (v: unknown) => <code>{JSON.stringify(v)}</code> },
        { title: t('after'), dataIndex: 'after', render: (v: unknown) => <code>{JSON.stringify(v)}</code> },
      ]} />
  );
}
