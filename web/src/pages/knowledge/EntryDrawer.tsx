import type { TCenter, TEntry, TEntryVersion, TFieldDiff } from '@shared/api/index.js';
import { BUSINESS_LINE_LABELS, ENTRY_STATUS_LABELS, LIBRARY_LABELS } from '@shared/knowledge.js';
import { Alert, App, Button, Descriptions, Drawer, Input, List, Modal, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError, get } from '../../api';
import { useLoad } from '../../useLoad';
import { EntryEditor } from './EntryEditor';
import { STATUS_COLORS } from './KnowledgePage';
import { AnswerMarkdown } from './Marked';
import { useKbText } from './text';

/** One entry: content, workflow actions for editors, versions with diffs. */
export function EntryDrawer({ id, isEditor, onClose, onChanged }: { id: number; isEditor: boolean; onClose(): void; onChanged(): void }) {
  const { k, lang } = useKbText();
  const { message } = App.useApp();
  const entry = useLoad(() => get<TEntry>(`/kb/entries/${id}`), [id]);
  const centers = useLoad(() => get<{ items: TCenter[] }>('/centers'), []);
  const [editing, setEditing] = useState(false);
  const [sendBackOpen, setSendBackOpen] = useState(false);
  const [reason, setReason] = useState('');
  const e = entry.data;

  const act = async (path: string, body?: unknown) => {
    try {
      await api('POST', `/kb/entries/${id}/${path}`, body);
      await entry.reload();
      onChanged();
      return true;
    } catch (err) {
      if (err instanceof ApiError) message.error(err.text(lang));
      return false;
    }
  };

  return (
    <Drawer open width={820} onClose={onClose} title={e ? e.content.title : ''} data-testid="kb-drawer"
      extra={
        e && isEditor && (
          <Space>
            {(e.status === 'draft' || e.status === 'published' || e.status === 'archived') && <Button data-testid="kb-edit" onClick={() => setEditing(true)}>{lang === 'en' ? 'Edit' : '编辑'}</Button>}
            {e.status === 'draft' && <Button type="primary" data-testid="kb-submit" onClick={() => void act('submit')}>{k('submit')}</Button>}
            {e.status === 'in_review' && <Button type="primary" data-testid="kb-approve" onClick={() => void act('approve', {})}>{k('approve')}</Button>}
            {e.status === 'in_review' && <Button danger data-testid="kb-send-back" onClick={() => setSendBackOpen(true)}>{k('sendBack')}</Button>}
            {(e.status === 'published' || e.status === 'draft') && <Button onClick={() => void act('archive')}>{k('archive')}</Button>}
          </Space>
        )
      }
    >
      {entry.error && <Alert type="error" message={entry.error.text(lang)} />}
      {e && (
        <Tabs
          items={[
            { key: 'content', label: lang === 'en' ? 'Content' : '内容', children: <EntryContentView e={e} /> },
            ...(isEditor ? [{ key: 'versions', label: k('versions'), children: <Versions id={id} /> }] : []),
          ]}
        />
      )}
      {editing && e && (
        <EntryEditor
          entry={e}
          centers={centers.data?.items ?? []}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            void entry.reload();
            onChanged();
          }}
        />
      )}
      <Modal
        open={sendBackOpen}
        title={k('sendBack')}
        onCancel={() => setSendBackOpen(false)}
        okButtonProps={{ 'data-testid': 'kb-send-back-ok', disabled: !reason.trim() } as any}
        onOk={async () => {
          if (await act('send-back', { comment: reason })) {
            setSendBackOpen(false);
            setReason('');
          }
        }}
      >
        <Input.TextArea rows={3} placeholder={k('sendBackReason')} value={reason} onChange={(ev) => setReason(ev.target.value)} />
      </Modal>
    </Drawer>
  );
}

function EntryContentView({ e }: { e: TEntry }) {
  const { k, lang } = useKbText();
  const c = e.content;
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Tag color={STATUS_COLORS[e.status]} data-testid="kb-status">{ENTRY_STATUS_LABELS[e.status][lang]}</Tag>
        <Tag color={e.liveForCitizens ? 'green' : 'default'}>{e.liveForCitizens ? k('live') : k('notLive')}</Tag>
        <Tag>{LIBRARY_LABELS[c.library][lang]}</Tag>
        <Tag>{BUSINESS_LINE_LABELS[c.businessLine][lang]}</Tag>
        <Tag color={e.regionName ? 'purple' : undefined}>{e.regionName ?? k('national')}</Tag>
        {c.localFigures && <Tag color="gold">{k('localFigures')}</Tag>}
      </Space>
      {e.reviewComment && <Alert type={e.status === 'draft' ? 'warning' : 'info'} showIcon message={`${k('reviewComment')}: ${e.reviewComment}`} style={{ marginBottom: 12 }} />}
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={k('question')}>{c.question}</Descriptions.Item>
        <Descriptions.Item label={k('similarQuestions')}>
          {c.similarQuestions.map((s) => (
            <div key={s}>{s}</div>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={k('shortAnswer')}>{c.shortAnswer}</Descriptions.Item>
        <Descriptions.Item label={k('legalBasis')}>
          {c.legalBasis.map((b) => (
            <Tag key={`${b.law}${b.article}`}>{`《${b.law}》第${b.article}条`}</Tag>
          ))}
          {c.sources.map((s) => (
            <div key={s}>
              <Typography.Text type="secondary">{s}</Typography.Text>
            </div>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={k('validity')}>{`${c.validFrom ?? '—'} ~ ${c.validTo ?? '—'}`}</Descriptions.Item>
        {c.figuresNote && <Descriptions.Item label={k('figuresNote')}>{c.figuresNote}</Descriptions.Item>}
        <Descriptions.Item label={k('version')}>{`${e.version}${e.publishedVersion !== null ? ` (${k('published')} ${e.publishedVersion})` : ''} · ${k('updatedBy')} ${e.updatedBy}`}</Descriptions.Item>
        <Descriptions.Item label={`${k('hits')} / ${k('useful')} / ${k('notUseful')}`}>{`${e.hits} / ${e.useful} / ${e.notUseful}`}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>{k('fullAnswer')}</Typography.Title>
      <AnswerMarkdown text={c.fullAnswer} />
    </>
  );
}

function Versions({ id }: { id: number }) {
  const { k, lang } = useKbText();
  const versions = useLoad(() => get<{ items: TEntryVersion[] }>(`/kb/entries/${id}/versions`), [id]);
  const [diff, setDiff] = useState<{ version: number; fields: TFieldDiff[] } | null>(null);
  const compare = async (v: number) => setDiff({ version: v, ...(await get<{ fields: TFieldDiff[] }>(`/kb/entries/${id}/diff?from=${v - 1}&to=${v}`)) });
  return (
    <>
      {versions.error && <Alert type="error" message={versions.error.text(lang)} />}
      <List
        dataSource={versions.data?.items ?? []}
        renderItem={(v) => (
          <List.Item
            key={v.version}
            actions={v.version > 1 ? [<Button key="d" size="small" data-testid={`kb-diff-${v.version}`} onClick={() => void compare(v.version)}>{k('compare')}</Button>] : []}
          >
            <Space wrap>
              <b>{`${k('version')} ${v.version}`}</b>
              <span>{v.authorName}</span>
              <span>{new Date(v.createdAt).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai' })}</span>
              {v.publishedAt && <Tag color="green">{k('published')}</Tag>}
              {v.changeNote && <Typography.Text type="secondary">{v.changeNote}</Typography.Text>}
            </Space>
          </List.Item>
        )}
      />
      {diff && (
        <div data-testid="kb-diff">
          <Typography.Title level={5}>{`${k('version')} ${diff.version - 1} → ${diff.version}`}</Typography.Title>
          {diff.fields.map((f) => (
            <div key={f.field} style={{ marginBottom: 12 }}>
              <Typography.Text strong>{f.field}</Typography.Text>
              <div style={{ whiteSpace: 'pre-wrap', border: '1px solid #eee', padding: 8 }}>
                {f.parts.map((p, i) =>
                  p.added ? <ins key={i} style={{ background: '#d9f7be' }}>{p.value}</ins> : p.removed ? <del key={i} style={{ background: '#ffccc7' }}>{p.value}</del> : <span key={i}>{p.value}</span>,
                )}
              </div>
            </div>
          ))}
        </div>
      )}
    </>
  );
}
