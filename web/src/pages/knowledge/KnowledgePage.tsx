import type { TCenter, TEntryListItem } from '@shared/api/index.js';
import { BUSINESS_LINE_LABELS, BUSINESS_LINES, ENTRY_STATUS_LABELS, ENTRY_STATUSES, LIBRARIES, LIBRARY_LABELS } from '@shared/knowledge.js';
import { Alert, Button, Card, Input, List, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { get } from '../../api';
import { useAuth } from '../../auth';
import { useI18n } from '../../i18n';
import { useLoad } from '../../useLoad';
import { EntryDrawer } from './EntryDrawer';
import { EntryEditor } from './EntryEditor';
import { ImportDialog } from './ImportDialog';
import { Marked } from './Marked';
import { useKbText } from './text';

export const EDITOR_ROLES = ['knowledge_editor', 'team_lead', 'admin'] as const;
export const STATUS_COLORS = { draft: 'default', in_review: 'orange', published: 'green', archived: 'red' } as const;

/** The knowledge base: editors' workspace (working versions) and agents' read-only browser (published). */
export function KnowledgePage() {
  const { k, lang } = useKbText();
  const { t } = useI18n();
  const { me } = useAuth();
  const isEditor = me!.roles.some((r) => (EDITOR_ROLES as readonly string[]).includes(r));
  const [q, setQ] = useState('');
  const [filters, setFilters] = useState<Record<string, string>>({ validity: 'any' });
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<number | null>(null);
  const [editing, setEditing] = useState<'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const query = new URLSearchParams({ ...filters, ...(q ? { q } : {}), page: String(page), pageSize: '20' }).toString();
  const list = useLoad(() => get<{ items: TEntryListItem[]; total: number }>(`/kb/entries?${query}`), [query]);
  const centers = useLoad(() => get<{ items: TCenter[] }>('/centers'), []);
  const setFilter = (name: string, value: string | undefined) => {
    setPage(1);
    setFilters((f) => {
      const next = { ...f };
      if (value) next[name] = value;
      else delete next[name];
      return next;
    });
  };
  const label = <T extends string>(labels: Record<T, { zh: string; en: string }>, v: T) => labels[v][lang];

  return (
    <Card
      title={t('knowledge')}
      extra={
        isEditor && (
          <Space>
            <Button onClick={() => setImporting(true)}>{k('import')}</Button>
            <Button href={`/api/v1/kb/export?format=xlsx&${new URLSearchParams(filters).toString()}`}>{`${k('export')} XLSX`}</Button>
            <Button href={`/api/v1/kb/export?format=csv&${new URLSearchParams(filters).toString()}`}>CSV</Button>
            <Button type="primary" data-testid="kb-new" onClick={() => setEditing('new')}>{k('newEntry')}</Button>
          </Space>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          data-testid="kb-search"
          allowClear
          placeholder={k('searchPlaceholder')}
          style={{ width: 380 }}
          enterButton
          onSearch={(v) => {
            setPage(1);
            setQ(v.trim());
          }}
        />
        <Select allowClear placeholder={k('allLibraries')} style={{ width: 150 }} onChange={(v) => setFilter('library', v)} options={LIBRARIES.map((l) => ({ value: l, label: label(LIBRARY_LABELS, l) }))} />
        <Select allowClear placeholder={k('allLines')} style={{ width: 150 }} onChange={(v) => setFilter('businessLine', v)} options={BUSINESS_LINES.map((l) => ({ value: l, label: label(BUSINESS_LINE_LABELS, l) }))} />
        {isEditor && (
          <Select allowClear placeholder={k('allStatuses')} style={{ width: 120 }} data-testid="kb-status-filter" onChange={(v) => setFilter('status', v)} options={ENTRY_STATUSES.map((s) => ({ value: s, label: label(ENTRY_STATUS_LABELS, s) }))} />
        )}
        <Select
          allowClear
          placeholder={k('region')}
          style={{ width: 140 }}
          onChange={(v) => setFilter('region', v === undefined ? undefined : String(v))}
          options={[{ value: 'national', label: k('national') }, ...(centers.data?.items ?? []).map((c) => ({ value: String(c.id), label: c.shortName }))]}
        />
        <Select
          value={filters.validity}
          style={{ width: 110 }}
          onChange={(v) => setFilter('validity', v)}
          options={(['any', 'current', 'expired', 'future'] as const).map((v) => ({ value: v, label: k(v) }))}
        />
      </Space>
      {list.error && <Alert type="error" message={list.error.text(lang)} />}
      <List
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: k('noResults') }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n) => `${n}` }}
        renderItem={(item) => {
          const h = (f: string) => item.highlights?.find((x) => x.field === f);
          return (
            <List.Item key={item.id} data-testid="kb-item" onClick={() => setOpenId(item.id)} style={{ cursor: 'pointer' }}>
              <List.Item.Meta
                title={
                  <Space wrap>
                    <Typography.Text strong>{h('title') ? <Marked h={h('title')} /> : item.title}</Typography.Text>
                    <Tag color={STATUS_COLORS[item.status]}>{label(ENTRY_STATUS_LABELS, item.status)}</Tag>
                    {item.publishedVersion !== null && item.publishedVersion !== item.version && <Tag color="blue">{k('pending')}</Tag>}
                    <Tag>{label(LIBRARY_LABELS, item.library)}</Tag>
                    <Tag>{label(BUSINESS_LINE_LABELS, item.businessLine)}</Tag>
                    <Tag color={item.regionName ? 'purple' : undefined}>{item.regionName ?? k('national')}</Tag>
                  </Space>
                }
                description={
                  <>
                    <div>
                      {k('question')}: {h('question') ? <Marked h={h('question')} /> : item.question}
                    </div>
                    {h('similarQuestion') && (
                      <div>
                        {k('similarQuestions')}: <Marked h={h('similarQuestion')} />
                      </div>
                    )}
                    <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                      {h('shortAnswer') ? <Marked h={h('shortAnswer')} /> : item.shortAnswer}
                    </Typography.Paragraph>
                  </>
                }
              />
            </List.Item>
          );
        }}
      />
      {openId !== null && <EntryDrawer id={openId} isEditor={isEditor} onClose={() => setOpenId(null)} onChanged={() => void list.reload()} />}
      {importing && <ImportDialog canPublish={me!.roles.some((r) => r === 'team_lead' || r === 'admin')} onClose={() => setImporting(false)} onImported={() => void list.reload()} />}
      {editing && (
        <EntryEditor
          centers={centers.data?.items ?? []}
          onClose={() => setEditing(null)}
          onSaved={(id) => {
            setEditing(null);
            void list.reload();
            setOpenId(id);
          }}
        />
      )}
    </Card>
  );
}
