import type { TBulletin } from '@shared/api/index.js';
import { BUSINESS_LINE_LABELS } from '@shared/knowledge.js';
import { Alert, Button, Card, DatePicker, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { get } from '../../api';
import { useLoad } from '../../useLoad';
import { useKbText } from './text';

/** The daily "new and changed knowledge" bulletin for the morning briefing; prints on its own. */
export function BulletinPage() {
  const { k, lang } = useKbText();
  const [date, setDate] = useState(dayjs().format('YYYY-MM-DD'));
  const data = useLoad(() => get<TBulletin>(`/kb/bulletin?date=${date}`), [date]);
  return (
    <Card
      title={`${k('bulletin')} · ${date}`}
      extra={
        <Space className="no-print">
          <DatePicker value={dayjs(date)} allowClear={false} onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))} />
          <Button onClick={() => window.print()}>{k('print')}</Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{k('bulletinHint')}</Typography.Paragraph>
      {data.error && <Alert type="error" message={data.error.text(lang)} />}
      <Table
        size="small"
        rowKey={(r) => `${r.id}-${r.version}`}
        loading={data.loading}
        pagination={false}
        dataSource={data.data?.items ?? []}
        locale={{ emptyText: k('noResults') }}
        columns={[
          { title: '', dataIndex: 'change', width: 70, render: (c) => <Tag color={c === 'new' ? 'green' : 'blue'}>{k(c)}</Tag> },
          { title: k('title'), dataIndex: 'title', render: (v, r) => <><b>{v}</b><div>{r.question}</div></> },
          { title: k('shortAnswer'), dataIndex: 'shortAnswer' },
          { title: k('businessLine'), dataIndex: 'businessLine', width: 110, render: (v: keyof typeof BUSINESS_LINE_LABELS) => BUSINESS_LINE_LABELS[v][lang] },
          { title: k('region'), dataIndex: 'regionName', width: 80, render: (v) => v ?? k('national') },
          { title: k('changedFields'), dataIndex: 'changedFields', width: 140, render: (v: string[], r) => [v.join(', '), r.changeNote].filter(Boolean).join(' · ') },
        ]}
      />
    </Card>
  );
}
