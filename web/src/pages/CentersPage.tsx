import type { TCenter, TDepartment } from '@shared/api/index.js';
import { Alert, App, Button, Card, Col, Form, Input, Modal, Row, Select, Space, Switch, Table, Tree, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, get } from '../api';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { useLoad } from '../useLoad';
import { applyServerErrors } from './formErrors';

const periodsToText = (c: TCenter) => c.workingHours.periods.map((p) => `${p.start}-${p.end}`).join(', ');
const textToPeriods = (s: string) =>
  s.split(/[,，\s]+/).filter(Boolean).map((part) => {
    const [start, end] = part.split('-');
    return { start: start ?? '', end: end ?? '' };
  });

export function CentersPage() {
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const isAdmin = me!.roles.includes('admin');
  const centers = useLoad(() => get<{ items: TCenter[] }>('/centers'), []);
  const [selected, setSelected] = useState<number | null>(null);
  const tree = useMemo(() => {
    const items = centers.data?.items ?? [];
    const ids = new Set(items.map((c) => c.id));
    const node = (c: TCenter): any => ({ key: c.id, title: `${c.name}${c.areaCodes.length ? ` (${c.areaCodes.join(',')})` : ''}`, children: items.filter((x) => x.parentId === c.id).map(node) });
    return items.filter((c) => c.parentId === null || !ids.has(c.parentId)).map(node);
  }, [centers.data]);
  const center = centers.data?.items.find((c) => c.id === selected) ?? null;
  return (
    <Row gutter={16}>
      <Col xs={24} md={10}>
        <Card title={t('centers')}>
          {centers.error && <Alert type="error" message={centers.error.text(lang)} />}
          {tree.length > 0 && <Tree defaultExpandAll treeData={tree} onSelect={(keys) => setSelected(Number(keys[0]) || null)} data-testid="center-tree" />}
        </Card>
      </Col>
      <Col xs={24} md={14}>
        {center && <CenterDetail key={center.id} center={center} editable={isAdmin} onSaved={() => void centers.reload()} />}
      </Col>
    </Row>
  );
}

function CenterDetail({ center, editable, onSaved }: { center: TCenter; editable: boolean; onSaved(): void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [childOpen, setChildOpen] = useState(false);
  const save = async () => {
    const v = await form.validateFields();
    try {
      await api('PATCH', `/centers/${center.id}`, {
        name: v.name,
        shortName: v.shortName,
        areaCodes: v.areaCodes,
        workingHours: { periods: textToPeriods(v.periods) },
        active: v.active,
      });
      setError(null);
      message.success(t('save'));
      onSaved();
    } catch (err) {
      const text = applyServerErrors(form, err, lang);
      setError(text ?? (err as Error).message);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={center.name} extra={editable && center.level !== 'county' && <Button onClick={() => setChildOpen(true)}>{t('addChildCenter')}</Button>}>
        {error && <Alert type="error" message={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" disabled={!editable} initialValues={{ name: center.name, shortName: center.shortName, areaCodes: center.areaCodes, periods: periodsToText(center), active: center.active }}>
          <Form.Item name="name" label={t('name')} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="shortName" label={t('shortName')} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="areaCodes" label={t('areaCodes')}><Select mode="tags" tokenSeparators={[',', ' ']} /></Form.Item>
          <Form.Item name="periods" label={`${t('workingHours')} (08:30-11:30, 13:00-17:00)`} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="active" label={t('active')} valuePropName="checked"><Switch /></Form.Item>
          {editable && <Button type="primary" onClick={save}>{t('save')}</Button>}
        </Form>
      </Card>
      <Departments center={center} editable={editable} />
      {childOpen && <NewChildCenter parent={center} onClose={() => setChildOpen(false)} onSaved={onSaved} />}
    </Space>
  );
}

function Departments({ center, editable }: { center: TCenter; editable: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const depts = useLoad(() => get<{ items: TDepartment[] }>(`/centers/${center.id}/departments`), [center.id]);
  const [form] = Form.useForm();
  const add = async () => {
    const v = await form.validateFields();
    try {
      await api('POST', `/centers/${center.id}/departments`, v);
      form.resetFields();
      void depts.reload();
    } catch (err) {
      const text = applyServerErrors(form, err, lang);
      if (text) message.error(text);
    }
  };
  const toggle = async (d: TDepartment) => {
    await api('PATCH', `/departments/${d.id}`, { active: !d.active });
    void depts.reload();
  };
  return (
    <Card title={t('departments')}>
      <Table size="small" rowKey="id" pagination={false} dataSource={depts.data?.items ?? []} columns={[
        { title: t('name'), dataIndex: 'name' },
        { title: t('duties'), dataIndex: 'duties' },
        { title: t('active'), render: (_: unknown, d: TDepartment) => <Switch size="small" checked={d.active} disabled={!editable} onChange={() => void toggle(d)} /> },
      ]} />
      {editable && (
        <Form form={form} layout="inline" style={{ marginTop: 12 }}>
          <Form.Item name="name" rules={[{ required: true }]}><Input placeholder={t('name')} /></Form.Item>
          <Form.Item name="duties"><Input placeholder={t('duties')} /></Form.Item>
          <Button onClick={add}>{t('addDepartment')}</Button>
        </Form>
      )}
    </Card>
  );
}

function NewChildCenter({ parent, onClose, onSaved }: { parent: TCenter; onClose(): void; onSaved(): void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await api('POST', '/centers', {
        code: v.code,
        name: v.name,
        shortName: v.shortName,
        level: parent.level === 'province' ? 'city' : 'county',
        parentId: parent.id,
        areaCodes: v.areaCodes ?? [],
        workingHours: { periods: textToPeriods(v.periods) },
      });
      onSaved();
      onClose();
    } catch (err) {
      setError(applyServerErrors(form, err, lang));
    }
  };
  return (
    <Modal open title={`${t('addChildCenter')} · ${parent.name}`} onOk={submit} onCancel={onClose} okText={t('create')} cancelText={t('cancel')}>
      {error && <Alert type="error" message={error} />}
      <Typography.Paragraph type="secondary">{t(parent.level === 'province' ? 'city' : 'county')}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ periods: periodsToText(parent), areaCodes: parent.areaCodes }}>
        <Form.Item name="code" label={t('code')} rules={[{ required: true }]}><Input placeholder="jl-xxx" /></Form.Item>
        <Form.Item name="name" label={t('name')} rules={[{ required: true }]}><Input /></Form.Item>
        <Form.Item name="shortName" label={t('shortName')} rules={[{ required: true }]}><Input /></Form.Item>
        <Form.Item name="areaCodes" label={t('areaCodes')}><Select mode="tags" /></Form.Item>
        <Form.Item name="periods" label={t('workingHours')} rules={[{ required: true }]}><Input /></Form.Item>
      </Form>
    </Modal>
  );
}
