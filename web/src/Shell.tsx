import { ROLE_LABELS, type Role } from '@shared/roles.js';
import { Button, Form, Input, Layout, Menu, Modal, Result, Segmented, Space, Tag, Typography, App } from 'antd';
import { useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { api, ApiError } from './api';
import { useAuth } from './auth';
import { useI18n, type TextKey } from './i18n';
import { PHONE_LINE_ROLES } from './pages/telephony/access';

/** Pages, and the roles that may open each. */
export const PAGES: { path: string; label: TextKey; roles: Role[] | 'all' }[] = [
  { path: '/home', label: 'home', roles: 'all' },
  { path: '/kb/entries', label: 'knowledge', roles: 'all' },
  { path: '/kb/bulletin', label: 'bulletin', roles: 'all' },
  { path: '/kb/laws', label: 'laws', roles: 'all' },
  { path: '/kb/review-queue', label: 'reviewQueue', roles: ['knowledge_editor', 'team_lead', 'admin'] },
  { path: '/desk/chats', label: 'liveChats', roles: ['agent', 'team_lead'] },
  { path: '/phone-line', label: 'phoneLine', roles: PHONE_LINE_ROLES },
  { path: '/tools/calculators', label: 'calculators', roles: 'all' },
  { path: '/admin/centers', label: 'centers', roles: ['admin', 'leader'] },
  { path: '/admin/users', label: 'users', roles: ['admin', 'team_lead', 'leader'] },
  { path: '/admin/calendar', label: 'calendar', roles: ['admin', 'leader'] },
  { path: '/admin/calc-parameters', label: 'calcParameters', roles: ['admin', 'leader', 'team_lead'] },
  { path: '/admin/audit', label: 'audit', roles: ['admin', 'leader'] },
];

export function canOpen(roles: readonly Role[], path: string) {
  const page = PAGES.find((p) => path.startsWith(p.path));
  return !page || page.roles === 'all' || page.roles.some((r) => roles.includes(r));
}

export function Shell({ children }: { children: ReactNode }) {
  const { me, logout } = useAuth();
  const { t, lang, setLang } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const [pwOpen, setPwOpen] = useState(Boolean(me?.mustChangePassword));
  if (!me) return null;
  const items = PAGES.filter((p) => canOpen(me.roles, p.path)).map((p) => ({ key: p.path, label: t(p.label) }));
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="light">
        <div style={{ padding: 16, fontWeight: 600 }}>{t('appName')}</div>
        <Menu mode="inline" selectedKeys={[PAGES.find((p) => location.pathname.startsWith(p.path))?.path ?? location.pathname]} items={items} onClick={(e) => navigate(e.key)} />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', gap: 12 }}>
          <Space wrap>
            <Typography.Text strong data-testid="current-user">{me.displayName}</Typography.Text>
            <Typography.Text type="secondary">{me.center.name}</Typography.Text>
            {me.roles.map((r) => (
              <Tag key={r}>{ROLE_LABELS[r][lang]}</Tag>
            ))}
            <Segmented size="small" value={lang} options={[{ label: '中文', value: 'zh' }, { label: 'EN', value: 'en' }]} onChange={(v) => setLang(v as 'zh' | 'en')} />
            <Button size="small" onClick={() => setPwOpen(true)}>{t('changePassword')}</Button>
            <Button size="small" data-testid="logout" onClick={() => void logout().then(() => navigate('/login'))}>{t('logout')}</Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          {canOpen(me.roles, location.pathname) ? children : <Result status="403" title="403" subTitle={t('forbidden')} />}
        </Layout.Content>
      </Layout>
      <ChangePasswordDialog open={pwOpen} onClose={() => setPwOpen(false)} />
    </Layout>
  );
}

function ChangePasswordDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t, lang } = useI18n();
  const { refresh } = useAuth();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const submit = async () => {
    const values = await form.validateFields();
    try {
      await api('POST', '/auth/password', values);
      message.success(t('save'));
      form.resetFields();
      await refresh();
      onClose();
    } catch (err) {
      if (err instanceof ApiError) {
        form.setFields((err.body.fields ?? []).map((f) => ({ name: f.field.replace(/^body\./, ''), errors: [f.message] })));
        if (!err.body.fields) message.error(err.text(lang));
      }
    }
  };
  return (
    <Modal open={open} title={t('changePassword')} onOk={submit} onCancel={onClose} okText={t('save')} cancelText={t('cancel')}>
      <Form form={form} layout="vertical">
        <Form.Item name="currentPassword" label={t('currentPassword')} rules={[{ required: true }]}>
          <Input.Password />
        </Form.Item>
        <Form.Item name="newPassword" label={t('newPassword')} rules={[{ required: true, min: 10 }]}>
          <Input.Password />
        </Form.Item>
      </Form>
    </Modal>
  );
}
