import { Alert, Button, DatePicker, Form, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { get } from '../../api';
import { useAuth } from '../../auth';
import { useI18n } from '../../i18n';
import { useLoad } from '../../useLoad';
import { hasAny, RECORDING_LISTENERS } from './access';
import { AudioPlayer } from './AudioPlayer';
import { clockDuration, shanghaiTime } from './format';

/** The clock time only when on the day the call started, else date and time. */
const sameDay = (start: string, v: string | null) => (v ? (shanghaiTime(v).slice(0, 10) === shanghaiTime(start).slice(0, 10) ? shanghaiTime(v).slice(11) : shanghaiTime(v)) : '');
import { OUTCOME_COLORS, usePhoneLineText } from './text';
import { CALL_OUTCOMES, type CallOutcome, type TCallRecord } from './types';

const PAGE_SIZE = 50;

type Filters = { from?: string; to?: string; outcome?: CallOutcome };

/** Call-detail records, newest first; QA and team leads also hear the recording and the voice message. */
export function CallsTab() {
  const { t, lang, outcome, direction, hangupBy } = usePhoneLineText();
  const { t: common } = useI18n();
  const { me } = useAuth();
  const listens = hasAny(me!.roles, RECORDING_LISTENERS);
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(0);
  // One row more than a page tells whether there is a next page (the API gives no total).
  const query = new URLSearchParams({ ...filters, limit: String(PAGE_SIZE + 1), offset: String(page * PAGE_SIZE) }).toString();
  const calls = useLoad(() => get<{ items: TCallRecord[] }>(`/telephony/calls?${query}`), [query]);
  const rows = calls.data?.items.slice(0, PAGE_SIZE) ?? [];
  const hasNext = (calls.data?.items.length ?? 0) > PAGE_SIZE;

  const onSearch = (v: { range?: [Dayjs | null, Dayjs | null] | null; outcome?: CallOutcome }) => {
    const f: Filters = {};
    if (v.range?.[0]) f.from = v.range[0].format('YYYY-MM-DD');
    if (v.range?.[1]) f.to = v.range[1].format('YYYY-MM-DD');
    if (v.outcome) f.outcome = v.outcome;
    setPage(0);
    setFilters(f);
  };
  const recording = (id: string, kind: 'call' | 'voice_message') => `/api/v1/telephony/calls/${id}/recording?kind=${kind}`;

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Form layout="inline" onFinish={onSearch} style={{ rowGap: 8 }} data-testid="call-filters">
        <Form.Item name="range" label={t('range')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item name="outcome" label={t('outcome')}>
          <Select allowClear placeholder={t('allOutcomes')} style={{ width: 160 }} options={CALL_OUTCOMES.map((o) => ({ value: o, label: outcome(o) }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit">{common('search')}</Button>
      </Form>
      <Typography.Text type="secondary">
        {t('timesIn')}
        {listens && `; ${t('recordingHint')}`}
      </Typography.Text>
      {calls.error && <Alert type="error" message={calls.error.text(lang)} />}
      <Table<TCallRecord>
        size="small"
        rowKey="id"
        data-testid="call-table"
        loading={calls.loading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: listens ? 1280 : 1050 }}
        columns={[
          { title: t('startedAt'), dataIndex: 'startedAt', width: 160, render: shanghaiTime },
          { title: t('answeredAt'), dataIndex: 'answeredAt', width: 90, render: (v: string | null, c: TCallRecord) => sameDay(c.startedAt, v) || '—' },
          { title: t('endedAt'), dataIndex: 'endedAt', width: 90, render: (v: string, c: TCallRecord) => sameDay(c.startedAt, v) },
          { title: t('callDuration'), key: 'duration', width: 65, render: (_: unknown, c: TCallRecord) => clockDuration(new Date(c.endedAt).getTime() - new Date(c.startedAt).getTime()) },
          { title: t('direction'), dataIndex: 'direction', width: 65, render: direction },
          { title: t('callerNumber'), dataIndex: 'callerNumber', width: 125, render: (v: string | null) => v ?? '—' },
          { title: t('called'), dataIndex: 'calledNumber', width: 80 },
          { title: t('outcome'), dataIndex: 'outcome', width: 95, render: (o: CallOutcome) => <Tag color={OUTCOME_COLORS[o]}>{outcome(o)}</Tag> },
          { title: t('agentExtension'), dataIndex: 'agentExtension', width: 85, render: (v: string | null) => v ?? '—' },
          { title: t('hangupBy'), dataIndex: 'hangupBy', width: 75, render: hangupBy },
          ...(listens
            ? [
                {
                  title: <Tooltip title={t('recordingHint')}><span>{t('recordings')} ⓘ</span></Tooltip>,
                  key: 'recording',
                  width: 290,
                  render: (_: unknown, c: TCallRecord) =>
                    c.hasRecording || c.hasVoiceMessage ? (
                      <Space direction="vertical" size={2}>
                        {c.hasRecording && (<Space size={4}><Typography.Text type="secondary">{t('recording')}</Typography.Text><AudioPlayer src={recording(c.id, 'call')} title={t('recordingHint')} testId="call-recording" /></Space>)}
                        {c.hasVoiceMessage && (<Space size={4}><Typography.Text type="secondary">{t('voiceMessage')}</Typography.Text><AudioPlayer src={recording(c.id, 'voice_message')} testId="call-voice-message" /></Space>)}
                      </Space>
                    ) : '—',
                },
              ]
            : []),
        ]}
      />
      <Space>
        <Button disabled={page === 0} onClick={() => setPage((p) => p - 1)}>{t('prev')}</Button>
        <Typography.Text>{t('page').replace('{n}', String(page + 1))}</Typography.Text>
        <Button disabled={!hasNext} onClick={() => setPage((p) => p + 1)}>{t('next')}</Button>
      </Space>
    </Space>
  );
}
