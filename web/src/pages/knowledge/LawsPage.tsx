import { Alert, Card, Input, List, Tag, Typography } from 'antd';
import { useState } from 'react';
import { get } from '../../api';
import { useLoad } from '../../useLoad';
import { useKbText } from './text';

type Item = { law: string; lawTitle: string; article: number | null; label: string; chapter: string | null; text: string; score: number; superseded: null | { note: string; byLaw: string | null; byArticle: number | null; source: string | null } };

/** The policy library: ask in a caller's words, get the articles. */
export function LawsPage() {
  const { k, lang } = useKbText();
  const [q, setQ] = useState('');
  const result = useLoad(async () => (q ? get<{ items: Item[] }>(`/laws/search?q=${encodeURIComponent(q)}&limit=10`) : { items: [] as Item[] }), [q]);
  return (
    <Card title={k('laws')}>
      <Input.Search data-testid="law-search" enterButton allowClear placeholder={k('lawSearchPlaceholder')} onSearch={(v) => setQ(v.trim())} style={{ maxWidth: 640, marginBottom: 16 }} />
      {result.error && <Alert type="error" message={result.error.text(lang)} />}
      <List
        loading={result.loading}
        dataSource={result.data?.items ?? []}
        locale={{ emptyText: q ? k('noResults') : ' ' }}
        renderItem={(a) => (
          <List.Item key={`${a.law}${a.label}`} data-testid="law-item">
            <List.Item.Meta
              title={
                <>
                  {`《${a.law}》${a.label}`} <Typography.Text type="secondary">{a.chapter}</Typography.Text>
                  {a.superseded && <Tag color="red" style={{ marginLeft: 8 }}>{k('superseded')}</Tag>}
                </>
              }
              description={
                <>
                  <div style={{ whiteSpace: 'pre-wrap', color: 'rgba(0,0,0,0.85)' }}>{a.text}</div>
                  {a.superseded && (
                    <Alert
                      style={{ marginTop: 8 }}
                      type="warning"
                      message={`${a.superseded.note}${a.superseded.byLaw ? ` ${k('seeAlso')}《${a.superseded.byLaw}》${a.superseded.byArticle ? `第${a.superseded.byArticle}条` : ''}` : ''}${a.superseded.source ? ` (${a.superseded.source})` : ''}`}
                    />
                  )}
                </>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
