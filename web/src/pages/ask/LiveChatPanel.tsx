import { Button, Drawer, Input, Space, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api';
import { useLiveChatFeed } from '../../useLiveChatFeed';
import { useAskText } from './text';

/**
 * The citizen's side of a live chat with an agent: waits to be taken, then talks.
 */
export function LiveChatPanel({ ticket, onClose }: { ticket: { id: number; token: string } | null; onClose(): void }) {
  const t = useAskText();
  const { chat, messages } = useLiveChatFeed(ticket ? `/answer/live-chats/${ticket.id}?token=${encodeURIComponent(ticket.token)}` : null);
  const [text, setText] = useState('');
  const bottom = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // A block, not an expression: newer Chromium returns a promise from scrollIntoView, and an
    // effect must return nothing or its cleanup.
    bottom.current?.scrollIntoView?.({ behavior: 'smooth' });
  }, [messages]);

  async function send() {
    const body = text.trim();
    if (!ticket || !body) return;
    setText('');
    await api('POST', `/answer/live-chats/${ticket.id}/messages`, { token: ticket.token, text: body }).catch(() => setText(body));
  }

  async function end() {
    if (ticket && chat?.status !== 'closed') await api('POST', `/answer/live-chats/${ticket.id}/close`, { token: ticket.token }).catch(() => {});
    onClose();
  }

  const status = chat?.status ?? 'waiting';
  return (
    <Drawer open={!!ticket} placement="bottom" height="85%" onClose={() => void end()} title={t('liveChat')} data-testid="live-chat">
      <Space direction="vertical" style={{ width: '100%', height: '100%' }}>
        <Tag color={status === 'active' ? 'green' : status === 'closed' ? 'default' : 'orange'} data-testid="live-chat-status">
          {status === 'waiting' ? t('liveWaiting') : status === 'active' ? `${t('liveWith')}${chat?.agentName ?? ''}` : t('liveEnded')}
        </Tag>
        <div className="ask-messages" style={{ minHeight: 200 }}>
          {messages.map((m) => (
            <div key={m.id} className={`ask-bubble ${m.sender === 'citizen' ? 'ask-citizen' : 'ask-bot'}`} data-testid={`live-${m.sender}`}>
              {m.sender === 'system' ? <Typography.Text type="secondary">{m.text}</Typography.Text> : m.text}
            </div>
          ))}
          <div ref={bottom} />
        </div>
        {status !== 'closed' && (
          <Space.Compact style={{ width: '100%' }}>
            <Input aria-label={t('liveInput')} value={text} maxLength={1000} onChange={(e) => setText(e.target.value)} onPressEnter={() => void send()} placeholder={t('liveInput')} />
            <Button type="primary" onClick={() => void send()} data-testid="live-send">{t('send')}</Button>
          </Space.Compact>
        )}
        <Button onClick={() => void end()}>{status === 'closed' ? t('liveCloseWindow') : t('liveEnd')}</Button>
      </Space>
    </Drawer>
  );
}
