import type { TCenter } from '@shared/api/index.js';
import { Alert, App, Button, Popconfirm, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api, ApiError, get, upload } from '../../api';
import { useAuth } from '../../auth';
import { useLoad } from '../../useLoad';
import { hasAny, PHONE_LINE_WRITERS } from './access';
import { AudioPlayer } from './AudioPlayer';
import { seconds, shanghaiTime } from './format';
import { usePhoneLineText } from './text';
import type { TPrompt } from './types';

const MAX_BYTES = 25 * 1024 * 1024;

/** The prompts callers hear, per center: listen, replace with the center's own recording, revert. */
export function PromptsTab() {
  const { t, lang, source, prompt } = usePhoneLineText();
  const { me } = useAuth();
  const { message } = App.useApp();
  const canWrite = hasAny(me!.roles, PHONE_LINE_WRITERS);
  const [centerId, setCenterId] = useState(me!.center.id);
  const [busy, setBusy] = useState<string | null>(null);
  const centers = useLoad(() => get<{ items: TCenter[] }>('/centers'), []);
  const prompts = useLoad(() => get<{ items: TPrompt[] }>(`/telephony/prompts?centerId=${centerId}`), [centerId]);

  const run = async (name: string, work: () => Promise<unknown>, done: string) => {
    setBusy(name);
    try {
      await work();
      message.success(done);
      await prompts.reload();
    } catch (err) {
      message.error(err instanceof ApiError ? err.text(lang) : String(err));
    } finally {
      setBusy(null);
    }
  };
  const send = (name: string, file: File) => {
    if (!/\.wav$/i.test(file.name) && !/wav/.test(file.type)) return void message.error(t('notWav'));
    if (file.size > MAX_BYTES) return void message.error(t('tooLarge'));
    void run(name, () => upload('PUT', `/telephony/prompts/${name}?centerId=${centerId}`, file, 'audio/wav'), t('uploadedOk'));
  };
  const revert = (name: string) => run(name, () => api('DELETE', `/telephony/prompts/${name}?centerId=${centerId}`), t('reverted'));

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>{t('promptsHint')}</Typography.Paragraph>
      <Space>
        <Typography.Text>{t('center')}</Typography.Text>
        <Select
          style={{ width: 260 }}
          value={centerId}
          onChange={setCenterId}
          showSearch
          optionFilterProp="label"
          data-testid="prompt-center"
          options={(centers.data?.items ?? [{ id: me!.center.id, name: me!.center.name } as TCenter]).map((c) => ({ value: c.id, label: c.name }))}
        />
      </Space>
      {prompts.error && <Alert type="error" message={prompts.error.text(lang)} />}
      <Table<TPrompt>
        size="small"
        rowKey="name"
        data-testid="prompt-table"
        loading={prompts.loading && !prompts.data}
        dataSource={prompts.data?.items ?? []}
        pagination={false}
        scroll={{ x: 1150 }}
        columns={[
          { title: t('name'), dataIndex: 'name', width: 140, render: (n: string) => (<Space direction="vertical" size={0}><span>{prompt(n)}</span><Typography.Text type="secondary" code>{n}</Typography.Text></Space>) },
          { title: t('text'), dataIndex: 'text' },
          { title: t('source'), dataIndex: 'source', width: 70, render: (s: TPrompt['source']) => <Tag color={s === 'uploaded' ? 'blue' : 'default'} data-testid="prompt-source">{source(s)}</Tag> },
          { title: t('duration'), dataIndex: 'durationMs', width: 80, render: (ms: number) => <span data-testid="prompt-duration">{seconds(ms, lang)}</span> },
          {
            title: `${t('uploadedBy')} / ${t('uploadedAtCol')}`,
            key: 'uploaded',
            width: 170,
            render: (_: unknown, p: TPrompt) => (p.uploadedBy ? (<Space direction="vertical" size={0}><span data-testid="prompt-uploaded-by">{p.uploadedBy}</span><Typography.Text type="secondary">{shanghaiTime(p.uploadedAt)}</Typography.Text></Space>) : '—'),
          },
          {
            title: t('listen'),
            key: 'listen',
            width: 240,
            render: (_: unknown, p: TPrompt) => <AudioPlayer key={`${centerId}:${p.uploadedAt}`} src={`/api/v1/telephony/prompts/${p.name}/audio?centerId=${centerId}&v=${encodeURIComponent(p.uploadedAt ?? 'synthesised')}`} testId="prompt-audio" />,
          },
          ...(canWrite
            ? [
                {
                  title: '',
                  key: 'actions',
                  width: 120,
                  render: (_: unknown, p: TPrompt) => (
                    <Space direction="vertical" size={4}>
                      <Upload accept=".wav,audio/wav,audio/x-wav" showUploadList={false} beforeUpload={(file) => (send(p.name, file), Upload.LIST_IGNORE)}>
                        <Button size="small" loading={busy === p.name}>{t('upload')}</Button>
                      </Upload>
                      {p.source === 'uploaded' && (
                        <Popconfirm title={t('confirmRevert')} onConfirm={() => revert(p.name)}>
                          <Button size="small" danger>{t('revert')}</Button>
                        </Popconfirm>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Space>
  );
}
