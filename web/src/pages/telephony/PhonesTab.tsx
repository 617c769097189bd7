import type { TCenter } from '@shared/api/index.js';
import { Alert, App, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError, get } from '../../api';
import { useAuth } from '../../auth';
import { useLoad } from '../../useLoad';
import { hasAny, PHONE_LINE_WRITERS } from './access';
import { shanghaiTime } from './format';
import { PhoneDialog, type PhoneDialogMode } from './PhoneDialog';
import { usePhoneLineText } from './text';
import type { TLineStatus, TPhone } from './types';

/** The agents' phones (SIP extensions): administrators keep them, team leads look. */
export function PhonesTab() {
  const { t, lang } = usePhoneLineText();
  const { me } = useAuth();
  const { message } = App.useApp();
  const canWrite = hasAny(me!.roles, PHONE_LINE_WRITERS);
  const phones = useLoad(() => get<{ items: TPhone[] }>('/telephony/phones'), []);
  const centers = useLoad(() => get<{ items: TCenter[] }>('/centers'), []);
  // Whether each phone is registered now (both roles of this tab may read the line status).
  const status = useLoad(() => get<TLineStatus>('/telephony/status').catch(() => null), []);
  const [dialog, setDialog] = useState<PhoneDialogMode | null>(null);
  const centerName = (id: number) => centers.data?.items.find((c) => c.id === id)?.name ?? `#${id}`;
  const registered = new Set(status.data?.registeredPhones.map((p) => p.extension) ?? []);

  const setEnabled = async (phone: TPhone, enabled: boolean) => {
    try {
      await api('PATCH', `/telephony/phones/${phone.id}`, { enabled });
      message.success(t('saved'));
      await phones.reload();
    } catch (err) {
      message.error(err instanceof ApiError ? err.text(lang) : String(err));
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {canWrite ? (
        <Button type="primary" data-testid="new-phone" onClick={() => setDialog({ kind: 'create' })}>{t('newPhone')}</Button>
      ) : (
        <Typography.Text type="secondary">{t('readOnly')}</Typography.Text>
      )}
      {phones.error && <Alert type="error" message={phones.error.text(lang)} />}
      <Table<TPhone>
        size="small"
        rowKey="id"
        data-testid="phone-table"
        loading={phones.loading}
        dataSource={phones.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('extension'), dataIndex: 'extension' },
          { title: t('displayName'), dataIndex: 'displayName' },
          { title: t('center'), dataIndex: 'centerId', render: centerName },
          { title: t('enabled'), dataIndex: 'enabled', render: (on: boolean) => <Tag color={on ? 'green' : 'default'}>{on ? t('on') : t('off')}</Tag> },
          {
            title: t('registration'),
            key: 'registered',
            render: (_: unknown, p: TPhone) => (status.data ? <Tag color={registered.has(p.extension) ? 'blue' : 'default'}>{registered.has(p.extension) ? t('registered') : t('unregistered')}</Tag> : '—'),
          },
          { title: t('updatedAtCol'), dataIndex: 'updatedAt', render: (v: string) => shanghaiTime(v) },
          ...(canWrite
            ? [
                {
                  title: '',
                  key: 'actions',
                  render: (_: unknown, p: TPhone) => (
                    <Space wrap>
                      <Button size="small" onClick={() => setDialog({ kind: 'rename', phone: p })}>{t('edit')}</Button>
                      <Button size="small" onClick={() => setDialog({ kind: 'password', phone: p })}>{t('resetPassword')}</Button>
                      {p.enabled ? (
                        <Popconfirm title={t('confirmDisable')} onConfirm={() => void setEnabled(p, false)}>
                          <Button size="small" danger>{t('disable')}</Button>
                        </Popconfirm>
                      ) : (
                        <Button size="small" onClick={() => void setEnabled(p, true)}>{t('enable')}</Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {dialog && (
        <PhoneDialog
          mode={dialog}
          centers={centers.data?.items ?? []}
          onClose={() => setDialog(null)}
          onSaved={() => {
            message.success(t('saved'));
            setDialog(null);
            void phones.reload();
          }}
        />
      )}
    </Space>
  );
}
