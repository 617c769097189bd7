import { Alert, Badge, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { get } from '../../api';
import { useLoad } from '../../useLoad';
import { clockDuration, shanghaiClock, shanghaiTime } from './format';
import { usePhoneLineText } from './text';
import type { TActiveCall, TLineStatus, TRegisteredPhone } from './types';

const REFRESH_MS = 3000;

/** The line as it is now: SIP listener, registered phones, calls in progress; refreshed every 3 s. */
export function StatusTab() {
  const { t, lang, direction, state } = usePhoneLineText();
  const [at, setAt] = useState<Date | null>(null);
  const { data, error, reload } = useLoad(() => get<TLineStatus>('/telephony/status').then((s) => (setAt(new Date()), s)), []);
  useEffect(() => {
    const timer = setInterval(() => {
      if (!document.hidden) void reload();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const now = at?.getTime() ?? Date.now();

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {error && <Alert type="error" message={error.text(lang)} />}
      {data && !data.running && <Alert type="warning" showIcon message={t('notRunning')} data-testid="line-not-running" />}
      {data && (
        <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 3 }} data-testid="line-status">
          <Descriptions.Item label={t('line')}>
            <Badge status={data.running ? 'success' : 'error'} text={<span data-testid="line-running">{data.running ? t('running') : t('stopped')}</span>} />
          </Descriptions.Item>
          <Descriptions.Item label={t('sipPort')}>
            <span data-testid="sip-port">{data.sipPort ?? '—'}</span>
            {data.running && <Typography.Text type="secondary"> UDP / TCP</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label={t('sipAddress')}>{data.sipPort ? `sip:${data.publicAddress}:${data.sipPort}` : data.publicAddress}</Descriptions.Item>
          <Descriptions.Item label={t('serviceNumbers')}>
            {data.serviceNumbers.map((n) => (
              <Tag key={n}>{n}</Tag>
            ))}
          </Descriptions.Item>
          {data.sipStats && (
            <Descriptions.Item label={t('sipTraffic')}>
              {t('received')} {data.sipStats.received} · {t('malformed')} {data.sipStats.malformed} · {t('rateLimited')} {data.sipStats.rateLimited} · {t('dialogs')} {data.sipStats.dialogs}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('updatedAt')}>
            {at ? shanghaiClock(at.toISOString()) : ''} <Typography.Text type="secondary">({t('refreshEvery')})</Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      )}
      <Card size="small" title={`${t('activeCalls')} (${data?.activeCalls.length ?? 0})`}>
        <Table<TActiveCall>
          size="small"
          rowKey="callId"
          data-testid="active-calls"
          dataSource={data?.activeCalls ?? []}
          pagination={false}
          locale={{ emptyText: t('noCalls') }}
          columns={[
            { title: t('direction'), dataIndex: 'direction', render: direction },
            { title: t('called'), dataIndex: 'to' },
            { title: t('state'), dataIndex: 'state', render: (s: TActiveCall['state']) => <Tag color={s === 'bridged' ? 'green' : s === 'offered' ? 'gold' : 'blue'}>{state(s)}</Tag> },
            { title: t('since'), dataIndex: 'startedAt', render: (v: string) => `${shanghaiClock(v)} (${t('talking')} ${clockDuration(now - new Date(v).getTime())})` },
            { title: t('bridgedTo'), dataIndex: 'bridgedTo', render: (v: string | null) => v ?? '—' },
          ]}
        />
      </Card>
      <Card size="small" title={`${t('registeredPhones')} (${data?.registeredPhones.length ?? 0})`}>
        <Table<TRegisteredPhone>
          size="small"
          rowKey={(r) => `${r.extension} ${r.contact}`}
          data-testid="registered-phones"
          dataSource={data?.registeredPhones ?? []}
          pagination={false}
          locale={{ emptyText: t('noPhones') }}
          columns={[
            { title: t('extension'), dataIndex: 'extension' },
            { title: t('contact'), dataIndex: 'contact', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
            { title: t('transport'), dataIndex: 'transport', render: (v: string) => v.toUpperCase() },
            { title: t('expiresAt'), dataIndex: 'expiresAt', render: (v: string) => shanghaiTime(v) },
            { title: t('userAgent'), dataIndex: 'userAgent', render: (v: string | null) => v ?? '—' },
          ]}
        />
      </Card>
    </Space>
  );
}
