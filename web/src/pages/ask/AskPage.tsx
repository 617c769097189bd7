import type { TAnswerCandidate, TAnswerResponse, TLawArticle, TPublicEntry } from '@shared/api/index.js';
import { Alert, Button, Form, Input, Modal, Result, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, ApiError, get } from '../../api';
import { useI18n } from '../../i18n';
import { AnswerMarkdown } from '../knowledge/Marked';
import { LiveChatPanel } from './LiveChatPanel';
import { useAskText } from './text';

/**
 * The citizens' chat page (/ask): ask in your own words, read the answer and its legal basis, pick
 * from a clarification, rate the answer, or ask for a person (call 12333 in working hours, or leave
 * a number for a callback). Public, mobile first.
 */
type Answer = { entryId: number; title: string; text: string; fullText: string; legalBasis: { law: string; article: number }[]; localFigures: boolean; rephrased?: string };
type Handoff = NonNullable<TAnswerResponse['handoff']>;
type Message =
  | { id: number; role: 'citizen'; text: string }
  | { id: number; role: 'bot'; kind: 'answer'; answer: Answer; rated?: boolean }
  | { id: number; role: 'bot'; kind: 'clarify'; text: string; candidates: TAnswerCandidate[] }
  | { id: number; role: 'bot'; kind: 'text'; text: string; referral?: TAnswerResponse['referral']; handoff?: Handoff }
  | { id: number; role: 'bot'; kind: 'calculator'; name: string; title: string };

let nextId = 1;

export function AskPage() {
  const t = useAskText();
  const { lang, setLang } = useI18n();
  const [messages, setMessages] = useState<Message[]>([{ id: nextId++, role: 'bot', kind: 'text', text: t('welcome') }]);
  const [question, setQuestion] = useState('');
  const [busy, setBusy] = useState(false);
  const [sessionId, setSessionId] = useState<string | undefined>();
  const [region, setRegion] = useState<string | undefined>(() => localStorage.getItem('ask.region') ?? undefined);
  const [regions, setRegions] = useState<{ code: string; name: string }[]>([]);
  const [callback, setCallback] = useState<{ open: boolean; question: string; handoff?: Handoff }>({ open: false, question: '' });
  const [article, setArticle] = useState<TLawArticle | null>(null);
  const [liveChat, setLiveChat] = useState<{ id: number; token: string } | null>(null);
  const bottom = useRef<HTMLDivElement>(null);

  useEffect(() => {
    get<{ items: { code: string; name: string }[] }>('/answer/regions').then((r) => setRegions(r.items), () => {});
  }, []);
  useEffect(() => {
    bottom.current?.scrollIntoView?.({ behavior: 'smooth' });
  }, [messages]);

  const push = (...m: Message[]) => setMessages((all) => [...all, ...m]);
  const lastQuestion = () => [...messages].reverse().find((m) => m.role === 'citizen')?.text ?? '';

  async function ask(text: string) {
    const q = text.trim();
    if (!q || busy) return;
    setQuestion('');
    push({ id: nextId++, role: 'citizen', text: q });
    setBusy(true);
    try {
      const r = await api<TAnswerResponse>('POST', '/answer', { question: q, region, sessionId, channel: 'web' });
      setSessionId(r.sessionId);
      if (r.status === 'answered' && r.answer) push({ id: nextId++, role: 'bot', kind: 'answer', answer: r.answer });
      else if (r.status === 'clarify') push({ id: nextId++, role: 'bot', kind: 'clarify', text: t('pick'), candidates: r.candidates.slice(0, 3) });
      else push({ id: nextId++, role: 'bot', kind: 'text', text: r.message, referral: r.referral, handoff: r.handoff });
      // "我能领多少失业金": the rule is the answer, the caller's own figure is the calculator's.
      if (r.calculator) push({ id: nextId++, role: 'bot', kind: 'calculator', name: r.calculator.name, title: r.calculator.title });
    } catch (err) {
      push({ id: nextId++, role: 'bot', kind: 'text', text: err instanceof ApiError ? err.text(lang) : t('failed') });
    } finally {
      setBusy(false);
    }
  }

  async function choose(c: TAnswerCandidate) {
    push({ id: nextId++, role: 'citizen', text: c.question });
    try {
      const e = await get<TPublicEntry>(`/kb/public/entries/${c.entryId}${region ? `?region=${region}` : ''}`);
      push({
        id: nextId++,
        role: 'bot',
        kind: 'answer',
        answer: { entryId: e.id, title: e.title, text: e.shortAnswer, fullText: e.fullAnswer, legalBasis: e.legalBasis, localFigures: e.localFigures },
      });
    } catch (err) {
      push({ id: nextId++, role: 'bot', kind: 'text', text: err instanceof ApiError ? err.text(lang) : t('failed') });
    }
  }

  async function askForPerson() {
    const r = await api<TAnswerResponse>('POST', '/answer', { question: '转人工', region, sessionId, channel: 'web' }).catch(() => null);
    const handoff = r?.handoff ?? { urgent: false, reason: 'requested' };
    push({ id: nextId++, role: 'bot', kind: 'text', text: t('human'), handoff });
  }

  async function startLiveChat(handoff: Handoff) {
    // The agent should see what the citizen asked, not "转人工".
    const asked = [...messages].reverse().find((m) => m.role === 'citizen' && !/^(转|找|要|我要)?(人工|客服|真人)/.test(m.text));
    const q = asked?.role === 'citizen' ? asked.text : t('liveChat');
    try {
      setLiveChat(await api<{ id: number; token: string }>('POST', '/answer/live-chats', { question: q, sessionId, region }));
    } catch (err) {
      // Nobody free any more: the callback form instead.
      push({ id: nextId++, role: 'bot', kind: 'text', text: err instanceof ApiError && err.status === 409 ? t('liveBusy') : t('failed'), handoff: { ...handoff, liveChat: false } });
    }
  }

  async function rate(id: number, entryId: number, useful: boolean) {
    if (!sessionId) return;
    await api('POST', '/answer/rating', { sessionId, entryId, useful, channel: 'web' }).catch(() => {});
    setMessages((all) => all.map((m) => (m.id === id && m.role === 'bot' && m.kind === 'answer' ? { ...m, rated: true } : m)));
  }

  async function openArticle(law: string, no: number) {
    try {
      setArticle(await get<TLawArticle>(`/laws/${encodeURIComponent(law)}/articles/${no}`));
    } catch {
      setArticle(null);
    }
  }

  return (
    <div className="ask-page">
      <header className="ask-header">
        <div>
          <Typography.Title level={4} style={{ margin: 0, color: '#fff' }}>
            {t('title')}
          </Typography.Title>
          <div className="ask-subtitle">{t('subtitle')}</div>
        </div>
        <Space>
          <Select
            aria-label={t('region')}
            size="small"
            style={{ minWidth: 130 }}
            value={region ?? ''}
            onChange={(v) => {
              const code = v || undefined;
              setRegion(code);
              if (code) localStorage.setItem('ask.region', code);
              else localStorage.removeItem('ask.region');
            }}
            options={[{ value: '', label: t('regionAll') }, ...regions.map((r) => ({ value: r.code, label: r.name }))]}
          />
          <Button size="small" type="text" style={{ color: '#fff' }} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
            {lang === 'zh' ? 'EN' : '中文'}
          </Button>
        </Space>
      </header>

      <main className="ask-messages" aria-live="polite">
        {messages.map((m) =>
          m.role === 'citizen' ? (
            <div key={m.id} className="ask-bubble ask-citizen">
              {m.text}
            </div>
          ) : (
            <div key={m.id} className="ask-bubble ask-bot" data-testid={`bot-${m.kind}`}>
              {m.kind === 'answer' && <AnswerView message={m} onRate={rate} onArticle={openArticle} onPerson={askForPerson} />}
              {m.kind === 'clarify' && (
                <>
                  <div>{m.text}</div>
                  <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
                    {m.candidates.map((c) => (
                      <Button key={c.entryId} block style={{ whiteSpace: 'normal', height: 'auto', textAlign: 'left' }} onClick={() => choose(c)}>
                        {c.question}
                      </Button>
                    ))}
                    <Button type="link" onClick={askForPerson}>
                      {t('noneOfThese')}
                    </Button>
                  </Space>
                </>
              )}
              {m.kind === 'calculator' && (
                <>
                  <div>{t('calculatorOffer')}</div>
                  <Button type="primary" ghost style={{ marginTop: 8 }} href={`/calc/${m.name}`} data-testid="open-calculator">
                    {t('openCalculator')}{m.title}
                  </Button>
                </>
              )}
              {m.kind === 'text' && (
                <>
                  <div>{m.text}</div>
                  {m.referral?.hotline && (
                    <div style={{ marginTop: 8 }}>
                      {t('referral')}{' '}
                      <a href={`tel:${m.referral.hotline.number}`}>
                        {m.referral.hotline.name} {m.referral.hotline.number}
                      </a>
                    </div>
                  )}
                  {m.handoff && (
                    <HandoffView handoff={m.handoff} onCallback={() => setCallback({ open: true, question: lastQuestion(), handoff: m.handoff })} onLiveChat={() => void startLiveChat(m.handoff!)} />
                  )}
                  {!m.handoff && m.id !== messages[0]?.id && (
                    <Button type="link" style={{ paddingLeft: 0 }} onClick={askForPerson}>
                      {t('human')}
                    </Button>
                  )}
                </>
              )}
            </div>
          ),
        )}
        <div ref={bottom} />
      </main>

      <footer className="ask-input">
        <Input.TextArea
          aria-label={t('placeholder')}
          value={question}
          maxLength={500}
          autoSize={{ minRows: 1, maxRows: 4 }}
          placeholder={t('placeholder')}
          onChange={(e) => setQuestion(e.target.value)}
          onPressEnter={(e) => {
            if (!e.shiftKey) {
              e.preventDefault();
              void ask(question);
            }
          }}
        />
        <Button type="primary" data-testid="ask-send" loading={busy} onClick={() => ask(question)}>
          {t('send')}
        </Button>
      </footer>

      <LiveChatPanel ticket={liveChat} onClose={() => setLiveChat(null)} />
      <CallbackDialog
        open={callback.open}
        question={callback.question}
        sessionId={sessionId}
        region={region}
        onClose={(id) => {
          setCallback({ open: false, question: '' });
          if (id) push({ id: nextId++, role: 'bot', kind: 'text', text: `${t('callbackDone')} ${id}` });
        }}
      />
      <Modal open={!!article} title={article ? `${article.lawTitle} ${article.label}` : ''} footer={null} onCancel={() => setArticle(null)}>
        {article?.superseded && <Alert type="warning" showIcon message={t('superseded')} description={article.superseded.note} style={{ marginBottom: 12 }} />}
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{article?.text}</Typography.Paragraph>
      </Modal>
    </div>
  );
}

function AnswerView(props: {
  message: Extract<Message, { kind: 'answer' }>;
  onRate(id: number, entryId: number, useful: boolean): void;
  onArticle(law: string, article: number): void;
  onPerson(): void;
}) {
  const t = useAskText();
  const { answer, rated, id } = props.message;
  const [full, setFull] = useState(false);
  return (
    <div>
      <Typography.Text strong>{answer.title}</Typography.Text>
      <div style={{ marginTop: 4 }}>{answer.rephrased ?? answer.text}</div>
      {answer.localFigures && <div className="ask-note">{t('localFigures')}</div>}
      {full && <AnswerMarkdown text={answer.fullText} />}
      <Button type="link" size="small" style={{ paddingLeft: 0 }} onClick={() => setFull(!full)}>
        {full ? t('hideFullAnswer') : t('fullAnswer')}
      </Button>
      {answer.legalBasis.length > 0 && (
        <div className="ask-basis">
          <span>{t('legalBasis')}:</span>
          {answer.legalBasis.map((b) => (
            <Tag key={`${b.law}-${b.article}`} color="blue" style={{ cursor: 'pointer' }} onClick={() => props.onArticle(b.law, b.article)}>
              《{b.law}》第{b.article}条
            </Tag>
          ))}
        </div>
      )}
      <Space style={{ marginTop: 8 }} wrap>
        {rated ? (
          <Typography.Text type="secondary">{t('thanks')}</Typography.Text>
        ) : (
          <>
            <Button size="small" onClick={() => props.onRate(id, answer.entryId, true)}>
              👍 {t('useful')}
            </Button>
            <Button size="small" onClick={() => props.onRate(id, answer.entryId, false)}>
              👎 {t('notUseful')}
            </Button>
          </>
        )}
        <Button size="small" type="link" onClick={props.onPerson}>
          {t('human')}
        </Button>
      </Space>
    </div>
  );
}

function HandoffView({ handoff, onCallback, onLiveChat }: { handoff: Handoff; onCallback(): void; onLiveChat(): void }) {
  const t = useAskText();
  const { lang } = useI18n();
  return (
    <div style={{ marginTop: 8 }}>
      {handoff.urgent && <Alert type="error" showIcon message={t('urgentNote')} style={{ marginBottom: 8 }} />}
      <div>{handoff.inWorkingHours ? t('inHours') : t('outOfHours')}</div>
      {!handoff.inWorkingHours && handoff.nextOpenAt && (
        <div className="ask-note">
          {t('nextOpen')}: {new Date(handoff.nextOpenAt).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' })}
        </div>
      )}
      <Space style={{ marginTop: 8 }} wrap>
        {handoff.liveChat && (
          <Button type="primary" onClick={onLiveChat} data-testid="start-live-chat">
            {t('liveStart')}
          </Button>
        )}
        {handoff.inWorkingHours && (
          <Button type="primary" href="tel:12333">
            {t('callHotline')}
          </Button>
        )}
        <Button onClick={onCallback}>{t('callbackTitle')}</Button>
      </Space>
    </div>
  );
}

function CallbackDialog(props: { open: boolean; question: string; sessionId?: string; region?: string; onClose(id?: number): void }) {
  const t = useAskText();
  const { lang } = useI18n();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (props.open) {
      form.setFieldsValue({ question: props.question });
      setError(null);
    }
  }, [props.open, props.question, form]);
  const submit = async () => {
    const values = await form.validateFields();
    try {
      const r = await api<{ id: number }>('POST', '/answer/callback-requests', { ...values, sessionId: props.sessionId, region: props.region });
      form.resetFields();
      props.onClose(r.id);
    } catch (err) {
      if (err instanceof ApiError) {
        form.setFields((err.body.fields ?? []).map((f) => ({ name: f.field.replace(/^body\./, ''), errors: [f.message] })));
        if (!err.body.fields) setError(err.text(lang));
      }
    }
  };
  return (
    <Modal open={props.open} title={t('callbackTitle')} okText={t('submit')} onOk={submit} onCancel={() => props.onClose()}>
      {error && <Result status="warning" subTitle={error} />}
      <Form form={form} layout="vertical">
        <Form.Item name="phone" label={t('phone')} rules={[{ required: true }]}>
          <Input inputMode="tel" maxLength={20} />
        </Form.Item>
        <Form.Item name="name" label={t('name')}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="question" label={t('message')} rules={[{ required: true }]}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
