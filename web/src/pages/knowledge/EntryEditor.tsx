import type { TCenter, TEntry, TEntryContent } from '@shared/api/index.js';
import { BUSINESS_LINE_LABELS, BUSINESS_LINES, LIBRARIES, LIBRARY_LABELS, SHORT_ANSWER_MAX_CHARS } from '@shared/knowledge.js';
import { App, Button, Checkbox, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Space, Tabs } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, ApiError } from '../../api';
import { AnswerMarkdown } from './Marked';
import { useKbText } from './text';

const lines = (s: string | undefined) => (s ?? '').split('\n').map((x) => x.trim()).filter(Boolean);

/** Creates an entry or saves its working version. Field errors from the server land on their fields. */
export function EntryEditor({
  entry,
  centers,
  draftQuestion,
  onClose,
  onSaved,
}: {
  entry?: TEntry;
  centers: TCenter[];
  /** A citizen's question to start a new entry from (the learning loop). */
  draftQuestion?: string;
  onClose(): void;
  onSaved(id: number): void;
}) {
  const { k, lang } = useKbText();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const c = entry?.content;
  const initial = {
    library: c?.library ?? 'qa',
    businessLine: c?.businessLine ?? 'labour_relations',
    regionCenterId: c?.regionCenterId ?? 0,
    title: c?.title ?? draftQuestion?.slice(0, 60),
    question: c?.question ?? draftQuestion?.slice(0, 120),
    similarQuestions: c?.similarQuestions.join('\n'),
    shortAnswer: c?.shortAnswer,
    fullAnswer: c?.fullAnswer,
    legalBasis: c?.legalBasis ?? [],
    topics: c?.topics.join(' '),
    keywords: c?.keywords.join(' '),
    sources: c?.sources.join('\n'),
    localFigures: c?.localFigures ?? false,
    figuresNote: c?.figuresNote,
    validFrom: c?.validFrom ? dayjs(c.validFrom) : null,
    validTo: c?.validTo ? dayjs(c.validTo) : null,
  };
  const fullAnswer = Form.useWatch('fullAnswer', form) as string | undefined;
  const shortAnswer = Form.useWatch('shortAnswer', form) as string | undefined;

  const save = async () => {
    const v = await form.validateFields();
    const content: TEntryContent = {
      library: v.library,
      businessLine: v.businessLine,
      regionCenterId: v.regionCenterId || null,
      title: v.title,
      question: v.question,
      similarQuestions: lines(v.similarQuestions),
      shortAnswer: v.shortAnswer,
      fullAnswer: v.fullAnswer,
      legalBasis: (v.legalBasis ?? []).filter((b: any) => b?.law && b?.article),
      sources: lines(v.sources),
      topics: (v.topics ?? '').split(/[\s,，]+/).filter(Boolean),
      keywords: (v.keywords ?? '').split(/[\s,，]+/).filter(Boolean),
      localFigures: Boolean(v.localFigures),
      figuresNote: v.figuresNote?.trim() || null,
      validFrom: v.validFrom ? v.validFrom.format('YYYY-MM-DD') : null,
      validTo: v.validTo ? v.validTo.format('YYYY-MM-DD') : null,
    };
    setSaving(true);
    try {
      const saved = entry
        ? await api<TEntry>('PUT', `/kb/entries/${entry.id}`, { content, changeNote: v.changeNote || undefined })
        : await api<TEntry>('POST', '/kb/entries', { content, changeNote: v.changeNote || undefined });
      message.success(k('saved'));
      onSaved(saved.id);
    } catch (err) {
      if (err instanceof ApiError) {
        const fields = (err.body.fields ?? []).map((f) => {
          const path = f.field.replace(/^body\.(content\.)?/, '').split('.');
          const name = ['similarQuestions', 'topics', 'keywords', 'sources'].includes(path[0]!) ? path[0]! : path.length > 1 ? path.map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : path[0]!;
          return { name, errors: [f.message] };
        });
        if (fields.length) form.setFields(fields as any);
        message.error(err.text(lang));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open width={1000} title={entry ? `${entry.content.title} · ${k('version')} ${entry.version}` : k('newEntry')} onCancel={onClose} onOk={save} confirmLoading={saving} okButtonProps={{ 'data-testid': 'kb-save' } as any} destroyOnHidden maskClosable={false}>
      <Form form={form} layout="vertical" initialValues={initial}>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="library" label={k('library')} rules={[{ required: true }]}>
              <Select options={LIBRARIES.map((l) => ({ value: l, label: LIBRARY_LABELS[l][lang] }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="businessLine" label={k('businessLine')} rules={[{ required: true }]}>
              <Select options={BUSINESS_LINES.map((l) => ({ value: l, label: BUSINESS_LINE_LABELS[l][lang] }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="regionCenterId" label={k('region')}>
              <Select options={[{ value: 0, label: k('national') }, ...centers.map((c) => ({ value: c.id, label: c.shortName }))]} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="title" label={k('title')} rules={[{ required: true, max: 60 }]}>
          <Input data-testid="kb-title" />
        </Form.Item>
        <Form.Item name="question" label={k('question')} rules={[{ required: true, max: 120 }]}>
          <Input data-testid="kb-question" />
        </Form.Item>
        <Form.Item name="similarQuestions" label={k('similarQuestions')} extra={k('similarHint')}>
          <Input.TextArea rows={4} data-testid="kb-similar" />
        </Form.Item>
        <Form.Item
          name="shortAnswer"
          label={`${k('shortAnswer')} · ${(shortAnswer ?? '').length}/${SHORT_ANSWER_MAX_CHARS} ${k('chars')}`}
          rules={[{ required: true, max: SHORT_ANSWER_MAX_CHARS }]}
        >
          <Input.TextArea rows={3} data-testid="kb-short" />
        </Form.Item>
        <Tabs
          items={[
            {
              key: 'edit',
              label: k('fullAnswer'),
              children: (
                <Form.Item name="fullAnswer" rules={[{ required: true }]}>
                  <Input.TextArea rows={10} data-testid="kb-full" />
                </Form.Item>
              ),
            },
            { key: 'preview', label: k('preview'), children: <div style={{ minHeight: 200, border: '1px solid #eee', padding: 12 }} data-testid="kb-preview"><AnswerMarkdown text={fullAnswer ?? ''} /></div> },
          ]}
        />
        <Form.List name="legalBasis">
          {(fields, { add, remove }) => (
            <Form.Item label={k('legalBasis')}>
              {fields.map((f) => (
                <Space key={f.key} align="baseline">
                  <Form.Item name={[f.name, 'law']} rules={[{ required: true }]}>
                    <Input placeholder={k('lawName')} style={{ width: 200 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'article']} rules={[{ required: true }]}>
                    <InputNumber min={1} max={999} addonAfter={k('article')} />
                  </Form.Item>
                  <Button type="link" onClick={() => remove(f.name)}>×</Button>
                </Space>
              ))}
              <Button onClick={() => add({ law: '', article: 1 })}>{k('addBasis')}</Button>
            </Form.Item>
          )}
        </Form.List>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="topics" label={k('topics')}>
              <Input placeholder="S001 C01" />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="keywords" label={k('keywords')}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={6}>
            <Form.Item name="validFrom" label={k('validFrom')}>
              <DatePicker />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="validTo" label={k('validTo')}>
              <DatePicker />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="localFigures" valuePropName="checked" label=" ">
              <Checkbox>{k('localFigures')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="figuresNote" label={k('figuresNote')}>
          <Input />
        </Form.Item>
        <Form.Item name="sources" label={k('sources')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="changeNote" label={k('changeNote')}>
          <Input data-testid="kb-change-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
