import type { TCalculatorInfo } from '@shared/api/index.js';
import { Alert, Card, Menu, Select, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { get } from '../../api';
import { useI18n } from '../../i18n';
import { useLoad } from '../../useLoad';
import { CalculatorForm } from './CalculatorForm';
import { useCalcText } from './text';

/**
 * The calculators: public for citizens at /calc/<name> (linked from the chat page when a question
 * asks for a figure), and inside the staff shell at /tools/calculators/<name> for agents while the
 * caller waits. Same forms, same answers.
 */
export function CalculatorsPage({ publicPage = false }: { publicPage?: boolean }) {
  const t = useCalcText();
  const { lang, setLang } = useI18n();
  const navigate = useNavigate();
  const { name } = useParams();
  const base = publicPage ? '/calc' : '/tools/calculators';
  const { data, error } = useLoad(() => get<{ items: TCalculatorInfo[] }>('/calculators'), []);
  const [regions, setRegions] = useState<{ code: string; name: string }[]>([]);
  const [region, setRegion] = useState<string | undefined>(() => localStorage.getItem('ask.region') ?? undefined);
  useEffect(() => {
    get<{ items: { code: string; name: string }[] }>('/answer/regions').then((r) => setRegions(r.items), () => {});
  }, []);

  const items = data?.items ?? [];
  const current = items.find((c) => c.name === name) ?? items[0];
  const body = (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {error && <Alert type="error" message={error.text(lang)} />}
      {!data && !error && <Spin />}
      {data && (
        <div className="calc-layout">
          <Menu
            className="calc-menu"
            mode="inline"
            selectedKeys={current ? [current.name] : []}
            items={items.map((c) => ({ key: c.name, label: c.title[lang] }))}
            onClick={(e) => navigate(`${base}/${e.key}`)}
          />
          <Card
            className="calc-card"
            title={current?.title[lang]}
            extra={
              <Select
                aria-label={t('region')}
                size="small"
                style={{ minWidth: 150 }}
                value={region ?? ''}
                onChange={(v) => {
                  setRegion(v || undefined);
                  if (v) localStorage.setItem('ask.region', v);
                  else localStorage.removeItem('ask.region');
                }}
                options={[{ value: '', label: t('regionNone') }, ...regions.map((r) => ({ value: r.code, label: r.name }))]}
              />
            }
          >
            {current && <CalculatorForm key={`${current.name}-${region ?? ''}`} info={current} region={region} />}
          </Card>
        </div>
      )}
    </Space>
  );
  if (!publicPage) return body;
  return (
    <div className="ask-page calc-page">
      <header className="ask-header">
        <div>
          <Typography.Title level={4} style={{ margin: 0, color: '#fff' }}>{t('title')}</Typography.Title>
          <div className="ask-subtitle">{t('subtitle')}</div>
        </div>
        <Space>
          <Typography.Link style={{ color: '#fff' }} onClick={() => navigate('/ask')}>{t('back')}</Typography.Link>
          <Select size="small" value={lang} onChange={(v) => setLang(v)} options={[{ value: 'zh', label: '中文' }, { value: 'en', label: 'EN' }]} />
        </Space>
      </header>
      <main style={{ padding: 12 }}>{body}</main>
    </div>
  );
}
