import type { TLiveChatView } from '@shared/api/index.js';
import { Alert, App, Badge, Button, Card, Empty, Input, List, Space, Switch, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiError, get } from '../../api';
import { useI18n } from '../../i18n';
import { useLiveChatFeed } from '../../useLiveChatFeed';

const RENEW_MS = 20_000;
const POLL_MS = 2000;

const zh = {
  title: '在线咨询',
  taking: '接待在线咨询',
  takingHint: '打开后,本中心及下级地区的市民在智能咨询中选择“转人工”时可与您在线交流。',
  waiting: '等待接入',
  mine: '我的会话',
  accept: '接入',
  taken: '该会话已被其他工作人员接入',
  reply: '回复',
  send: '发送',
  end: '结束会话',
  none: '暂无',
  ended: '会话已结束',
  region: '地区',
  national: '未选择地区',
};
const en: typeof zh = {
  title: 'Live chat',
  taking: 'Taking live chats',
  takingHint: 'While on, citizens of your center and the regions below it who ask the chat page for a person can chat with you.',
  waiting: 'Waiting',
  mine: 'My chats',
  accept: 'Accept',
  taken: 'Another agent took this chat',
  reply: 'Reply',
  send: 'Send',
  end: 'End chat',
  none: 'None',
  ended: 'The chat has ended',
  region: 'Region',
  national: 'No region',
};

/** The agent's side of live chat: be available, take a waiting citizen, talk, end. */
export function LiveChatDeskPage() {
  const { lang } = useI18n();
  const t = (k: keyof typeof zh) => (lang === 'en' ? en : zh)[k];
  const { message } = App.useApp();
  const [available, setAvailable] = useState(false);
  const [chats, setChats] = useState<TLiveChatView[]>([]);
  const [current, setCurrent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Availability is a heartbeat: renewed while the switch is on and the page is open.
  useEffect(() => {
    if (!available) return;
    const renew = () => api('PUT', '/answer/live-chat-agents/me', { available: true }).catch((err) => setError(err instanceof ApiError ? err.text(lang) : String(err)));
    void renew();
    const timer = setInterval(() => void renew(), RENEW_MS);
    return () => clearInterval(timer);
  }, [available, lang]);

  useEffect(() => {
    let stopped = false;
    const load = async () => {
      try {
        const r = await get<{ items: TLiveChatView[] }>('/answer/live-chats');
        if (!stopped) setChats(r.items);
      } catch {
        /* next round */
      }
    };
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);

  async function toggle(on: boolean) {
    setAvailable(on);
    if (!on) await api('PUT', '/answer/live-chat-agents/me', { available: false }).catch(() => {});
  }

  async function accept(id: number) {
    try {
      await api('POST', `/answer/live-chats/${id}/accept`);
      setCurrent(id);
    } catch (err) {
      message.warning(err instanceof ApiError ? err.text(lang) : t('taken'));
    }
  }

  const waiting = chats.filter((c) => c.status === 'waiting');
  const mine = chats.filter((c) => c.status === 'active');
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={4}>{t('title')}</Typography.Title>
      {error && <Alert type="error" message={error} closable onClose={() => setError(null)} />}
      <Space>
        <Switch checked={available} onChange={(v) => void toggle(v)} data-testid="take-chats" />
        <Typography.Text strong>{t('taking')}</Typography.Text>
      </Space>
      <Typography.Text type="secondary">{t('takingHint')}</Typography.Text>
      <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <Space direction="vertical" style={{ width: 320 }}>
          <Card size="small" title={<Badge count={waiting.length} offset={[12, 0]}>{t('waiting')}</Badge>}>
            <List
              size="small"
              locale={{ emptyText: t('none') }}
              dataSource={waiting}
              renderItem={(c) => (
                <List.Item actions={[<Button key="a" size="small" type="primary" onClick={() => void accept(c.id)} data-testid={`accept-${c.id}`}>{t('accept')}</Button>]}>
                  <List.Item.Meta title={c.question} description={`${c.regionName ?? t('national')} · ${new Date(c.createdAt).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai' })}`} />
                </List.Item>
              )}
            />
          </Card>
          <Card size="small" title={t('mine')}>
            <List
              size="small"
              locale={{ emptyText: t('none') }}
              dataSource={mine}
              renderItem={(c) => (
                <List.Item onClick={() => setCurrent(c.id)} style={{ cursor: 'pointer', background: c.id === current ? '#e6f4ff' : undefined }}>
                  <List.Item.Meta title={c.question} description={c.regionName ?? t('national')} />
                </List.Item>
              )}
            />
          </Card>
        </Space>
        <div style={{ flex: 1, minWidth: 320 }}>{current ? <ChatWindow key={current} id={current} t={t} onEnded={() => setCurrent(null)} /> : <Empty description={t('none')} />}</div>
      </div>
    </Space>
  );
}

function ChatWindow({ id, t, onEnded }: { id: number; t: (k: keyof typeof zh) => string; onEnded(): void }) {
  const { chat, messages } = useLiveChatFeed(`/answer/live-chats/${id}/desk`);
  const status = chat?.status ?? 'active';
  const [text, setText] = useState('');

  async function send() {
    const body = text.trim();
    if (!body) return;
    setText('');
    await api('POST', `/answer/live-chats/${id}/replies`, { text: body }).catch(() => setText(body));
  }

  return (
    <Card size="small" title={status === 'closed' ? <Tag>{t('ended')}</Tag> : `#${id}`} extra={status !== 'closed' && <Button size="small" danger onClick={() => void api('POST', `/answer/live-chats/${id}/end`).then(onEnded, onEnded)}>{t('end')}</Button>} data-testid="desk-chat">
      <div style={{ maxHeight: 420, overflowY: 'auto', display: 'flex', flexDirection: 'column', gap: 8 }}>
        {messages.map((m) => (
          <div key={m.id} style={{ alignSelf: m.sender === 'agent' ? 'flex-end' : 'flex-start', background: m.sender === 'agent' ? '#1554ad' : m.sender === 'system' ? 'transparent' : '#f0f0f0', color: m.sender === 'agent' ? '#fff' : undefined, padding: '6px 10px', borderRadius: 8, maxWidth: '80%' }} data-testid={`desk-${m.sender}`}>
            {m.sender === 'system' ? <Typography.Text type="secondary">{m.text}</Typography.Text> : m.text}
          </div>
        ))}
      </div>
      {status !== 'closed' && (
        <Space.Compact style={{ width: '100%', marginTop: 12 }}>
          <Input aria-label={t('reply')} value={text} maxLength={1000} onChange={(e) => setText(e.target.value)} onPressEnter={() => void send()} />
          <Button type="primary" onClick={() => void send()} data-testid="desk-send">{t('send')}</Button>
        </Space.Compact>
      )}
    </Card>
  );
}
