import type { TCalendarDay, TCalendarStatus } from '@shared/api/index.js';
import { DAY_KINDS } from '@shared/api/calendar.js';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, get } from '../api';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { useLoad } from '../useLoad';

const KIND_COLOR: Record<string, string> = { workday: 'default', rest_day: 'blue', holiday: 'red', makeup_workday: 'orange' };

export function CalendarPage() {
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const { message, modal } = App.useApp();
  const isAdmin = me!.roles.includes('admin') && me!.seesAllCenters;
  const [month, setMonth] = useState<Dayjs>(dayjs().startOf('month'));
  const [editing, setEditing] = useState<TCalendarDay | null>(null);
  const [year, setYear] = useState<number>(dayjs().year() + 1);
  const status = useLoad(() => get<TCalendarStatus>('/calendar/status'), []);
  const from = month.format('YYYY-MM-DD');
  const to = month.endOf('month').format('YYYY-MM-DD');
  const days = useLoad(() => get<{ items: TCalendarDay[] }>(`/calendar/days?from=${from}&to=${to}`), [from]);
  const loadYear = (source: 'chinese-days' | 'weekly-pattern') =>
    modal.confirm({
      title: `${t('loadYear')} ${year}`,
      content: source === 'weekly-pattern' ? t('weeklyPatternWarning') : 'chinese-days',
      onOk: async () => {
        try {
          await api('POST', `/calendar/years/${year}`, { source });
          void status.reload();
          void days.reload();
        } catch (err) {
          message.error((err as Error).message);
        }
      },
    });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={t('calendar')}>
        {status.data?.warnings.map((w) => <Alert key={w.code} type="warning" showIcon message={lang === 'en' ? w.messageEn : w.message} style={{ marginBottom: 8 }} />)}
        <div>{status.data?.loadedYears.map((y) => <Tag key={y.year}>{y.year}</Tag>)}</div>
        {isAdmin && (
          <Space style={{ marginTop: 12 }}>
            <InputNumber value={year} min={1990} max={2200} onChange={(v) => v && setYear(v)} />
            <Button onClick={() => loadYear('chinese-days')}>{t('loadYear')} (chinese-days)</Button>
            <Button onClick={() => loadYear('weekly-pattern')}>{t('loadYear')} (周规律 / weekly)</Button>
          </Space>
        )}
      </Card>
      <Card title={<DatePicker picker="month" value={month} onChange={(m) => m && setMonth(m.startOf('month'))} allowClear={false} />}>
        {days.error && (
          <Alert type="error" message={days.error.text(lang)} />
        )}
        <Table size="small" rowKey="date" pagination={false} dataSource={days.data?.items ?? []} columns={[
          { title: 'date', dataIndex: 'date', render: (d: string) => `${d} ${dayjs(d).format('ddd')}` },
          { title: t('kind'), dataIndex: 'kind', render: (k: string) => <Tag color={KIND_COLOR[k]}>{t(k as 'workday')}</Tag> },
          { title: t('name'), dataIndex: 'name' },
          { title: t('source'), dataIndex: 'source' },
          { title: '', render: (_: unknown, d: TCalendarDay) => isAdmin && <Button size="small" onClick={() => setEditing(d)}>{t('edit')}</Button> },
        ]} />
      </Card>
      {editing && <EditDay day={editing} onClose={() => setEditing(null)} onSaved={() => void days.reload()} />}
    </Space>
  );
}

function EditDay({ day, onClose, onSaved }: { day: TCalendarDay; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await api('PUT', `/calendar/days/${day.date}`, { kind: v.kind, name: v.name || null, source: v.source });
      onSaved();
      onClose();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <Modal open title={`${t('editDay')} ${day.date}`} onOk={submit} onCancel={onClose} okText={t('save')} cancelText={t('cancel')}>
      {error && <Alert type="error" message={error} />}
      <Form form={form} layout="vertical" initialValues={{ kind: day.kind, name: day.name, source: '' }}>
        <Form.Item name="kind" label={t('kind')} rules={[{ required: true }]}><Select options={DAY_KINDS.map((k) => ({ value: k, label: t(k) }))} /></Form.Item>
        <Form.Item name="name" label={t('name')}><Input /></Form.Item>
        <Form.Item name="source" label={t('source')} rules={[{ required: true, min: 2 }]}><Input placeholder="国办发明电〔2026〕X号" /></Form.Item>
      </Form>
    </Modal>
  );
}
