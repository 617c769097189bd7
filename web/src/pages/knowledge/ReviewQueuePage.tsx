import type { TCenter, TEntryListItem } from '@shared/api/index.js';
import { App, Button, Card, Empty, Input, List, Modal, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError, get } from '../../api';
import { useI18n } from '../../i18n';
import { useLoad } from '../../useLoad';
import { EntryEditor } from './EntryEditor';
import { useKbText } from './text';

type Group = {
  question: string;
  count: number;
  logIds: number[];
  examples: string[];
  lastAskedAt: string;
  statuses: string[];
  suggestedEntryId: number | null;
};

/**
 * The learning loop: what citizens asked that the engine could not answer well (no answer, a choice
 * of three, low confidence, rated not useful), grouped by the words they share. One action turns a
 * question into a similar question of an entry (a new version, reviewed like any change) or starts a
 * new entry from it.
 */
export function ReviewQueuePage() {
  const { k, lang } = useKbText();
  const { message } = App.useApp();
  const [days, setDays] = useState(7);
  const queue = useLoad(() => get<{ groups: Group[] }>(`/answer/review-queue?days=${days}`), [days]);
  const centers = useLoad(() => get<{ items: TCenter[] }>('/centers'), []);
  const [adding, setAdding] = useState<Group | null>(null);
  const [creating, setCreating] = useState<Group | null>(null);

  const resolve = async (g: Group, resolution: 'new_entry' | 'dismissed', entryId?: number) => {
    await api('POST', '/answer/review-queue/resolve', { logIds: g.logIds, resolution, entryId });
    void queue.reload();
  };

  return (
    <Card
      title={k('reviewQueue')}
      extra={
        <Select
          value={days}
          onChange={setDays}
          options={[1, 7, 30, 90].map((d) => ({ value: d, label: k('lastDays').replace('{n}', String(d)) }))}
        />
      }
    >
      <Typography.Paragraph type="secondary">{k('reviewQueueHint')}</Typography.Paragraph>
      <List
        loading={queue.loading}
        dataSource={queue.data?.groups ?? []}
        locale={{ emptyText: <Empty description={k('reviewQueueEmpty')} /> }}
        renderItem={(g) => (
          <List.Item
            data-testid="review-group"
            actions={[
              <Button key="add" type="primary" size="small" onClick={() => setAdding(g)}>
                {k('addAsSimilar')}
              </Button>,
              <Button key="new" size="small" onClick={() => setCreating(g)}>
                {k('newEntryFromQuestion')}
              </Button>,
              <Button key="dismiss" size="small" type="text" onClick={() => void resolve(g, 'dismissed')}>
                {k('dismiss')}
              </Button>,
            ]}
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  <span>{g.question}</span>
                  <Tag color="blue">× {g.count}</Tag>
                  {g.statuses.map((s) => (
                    <Tag key={s}>{k(`outcome_${s}` as never)}</Tag>
                  ))}
                </Space>
              }
              description={
                <>
                  {g.examples.length > 1 && <div>{g.examples.slice(1).join(' / ')}</div>}
                  <Typography.Text type="secondary">
                    {k('lastAsked')}: {new Date(g.lastAskedAt).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai' })}
                  </Typography.Text>
                </>
              }
            />
          </List.Item>
        )}
      />
      {adding && (
        <AddSimilarDialog
          group={adding}
          onClose={(done) => {
            setAdding(null);
            if (done) {
              message.success(k('addedAsSimilar'));
              void queue.reload();
            }
          }}
        />
      )}
      {creating && (
        <EntryEditor
          centers={centers.data?.items ?? []}
          draftQuestion={creating.question}
          onClose={() => setCreating(null)}
          onSaved={(id) => {
            const g = creating;
            setCreating(null);
            void resolve(g, 'new_entry', id);
          }}
        />
      )}
    </Card>
  );
}

function AddSimilarDialog({ group, onClose }: { group: Group; onClose(done: boolean): void }) {
  const { k, lang } = useKbText();
  const { t } = useI18n();
  const [question, setQuestion] = useState(group.question);
  const [entryId, setEntryId] = useState<number | null>(group.suggestedEntryId);
  const [search, setSearch] = useState(group.question);
  const [error, setError] = useState<string | null>(null);
  const options = useLoad(() => get<{ items: TEntryListItem[] }>(`/kb/entries?${new URLSearchParams({ q: search, pageSize: '10', validity: 'any' })}`), [search]);
  const suggested = useLoad(
    () => (group.suggestedEntryId ? get<{ id: number; content: { title: string } }>(`/kb/entries/${group.suggestedEntryId}`) : Promise.resolve(null)),
    [group.suggestedEntryId],
  );
  const items = [...(suggested.data ? [{ id: suggested.data.id, title: suggested.data.content.title }] : []), ...(options.data?.items ?? []).map((i) => ({ id: i.id, title: i.title }))];
  const unique = [...new Map(items.map((i) => [i.id, i])).values()];
  const submit = async () => {
    if (!entryId) return;
    try {
      await api('POST', '/answer/review-queue/add-similar', { logIds: group.logIds, entryId, question });
      onClose(true);
    } catch (err) {
      setError(err instanceof ApiError ? err.text(lang) : String(err));
    }
  };
  return (
    <Modal open title={k('addAsSimilar')} okText={t('save')} cancelText={t('cancel')} okButtonProps={{ disabled: !entryId || !question.trim() }} onOk={submit} onCancel={() => onClose(false)}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text>{k('similarQuestion')}</Typography.Text>
        <Input data-testid="review-question" value={question} maxLength={120} onChange={(e) => setQuestion(e.target.value)} />
        <Typography.Text>{k('toEntry')}</Typography.Text>
        <Select
          data-testid="review-entry"
          showSearch
          filterOption={false}
          style={{ width: '100%' }}
          value={entryId ?? undefined}
          onSearch={(v) => v.trim() && setSearch(v)}
          onChange={(v) => setEntryId(v)}
          options={unique.map((i) => ({ value: i.id, label: `#${i.id} ${i.title}` }))}
        />
        <Typography.Text type="secondary">{k('addAsSimilarHint')}</Typography.Text>
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
      </Space>
    </Modal>
  );
}
