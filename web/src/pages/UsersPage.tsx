import type { TCenter, TDepartment, TUser } from '@shared/api/index.js';
import { ROLE_LABELS, ROLES } from '@shared/roles.js';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, get } from '../api';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { useLoad } from '../useLoad';
import { applyServerErrors } from './formErrors';

export function UsersPage() {
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const isAdmin = me!.roles.includes('admin');
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<TUser | 'new' | null>(null);
  const centers = useLoad(() => get<{ items: TCenter[] }>('/centers'), []);
  const query = new URLSearchParams({ ...filters, page: String(page), pageSize: '20' }).toString();
  const users = useLoad(() => get<{ items: TUser[]; total: number }>(`/users?${query}`), [query]);
  const roleOptions = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r][lang] }));
  const centerOptions = (centers.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }));
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      void users.reload();
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  return (
    <Card title={t('users')} extra={isAdmin && <Button type="primary" onClick={() => setEditing('new')}>{t('create')}</Button>}>
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} onFinish={(v) => { setPage(1); setFilters(Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '').map(([k, x]) => [k, String(x)]))); }}>
        <Form.Item name="centerId"><Select allowClear placeholder={t('center')} options={centerOptions} style={{ width: 220 }} /></Form.Item>
        <Form.Item name="role"><Select allowClear placeholder={t('roles')} options={roleOptions} style={{ width: 150 }} /></Form.Item>
        <Form.Item name="q"><Input allowClear placeholder={`${t('username')} / ${t('displayName')} / ${t('staffNo')}`} /></Form.Item>
        <Button htmlType="submit">{t('search')}</Button>
      </Form>
      {users.error && <Alert type="error" message={users.error.text(lang)} />}
      <Table
        size="small"
        rowKey="id"
        data-testid="user-table"
        loading={users.loading}
        dataSource={users.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: users.data?.total ?? 0, onChange: setPage, showTotal: (n) => `${t('total')} ${n}` }}
        columns={[
          { title: t('username'), dataIndex: 'username' },
          { title: t('displayName'), dataIndex: 'displayName' },
          { title: t('roles'), dataIndex: 'roles', render: (rs: TUser['roles']) => rs.map((r) => <Tag key={r}>{ROLE_LABELS[r][lang]}</Tag>) },
          { title: t('center'), render: (_: unknown, u: TUser) => u.center.name },
          { title: t('staffNo'), dataIndex: 'staffNo' },
          { title: t('phone'), dataIndex: 'phone' },
          { title: t('status'), render: (_: unknown, u: TUser) => (<Space>{!u.active && <Tag>{t('no')}</Tag>}{u.lockedUntil && <Tag color="red">{t('locked')}</Tag>}</Space>) },
          { title: '', render: (_: unknown, u: TUser) => isAdmin && (
            <Space>
              <Button size="small" onClick={() => setEditing(u)}>{t('edit')}</Button>
              {u.lockedUntil && <Button size="small" onClick={() => void act(() => api('POST', `/users/${u.id}/unlock`))}>{t('unlock')}</Button>}
              <ResetPassword user={u} />
            </Space>
          ) },
          { title: t('lastLogin'), dataIndex: 'lastLoginAt', render: (v: string | null) => (v ? dayjs(v).format('MM-DD HH:mm') : '') },
        ]}
      />
      {editing && <UserForm user={editing === 'new' ? null : editing} centers={centers.data?.items ?? []} onClose={() => setEditing(null)} onSaved={() => void users.reload()} />}
    </Card>
  );
}

function ResetPassword({ user }: { user: TUser }) {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const onClick = () => {
    let value = '';
    modal.confirm({
      title: `${t('resetPassword')} · ${user.username}`,
      content: <Input.Password onChange={(e) => (value = e.target.value)} placeholder={t('newPassword')} />,
      onOk: async () => {
        try {
          await api('POST', `/users/${user.id}/reset-password`, { newPassword: value });
          message.success(t('save'));
        } catch (err) {
          message.error((err as Error).message);
          throw err;
        }
      },
    });
  };
  return <Button size="small" onClick={onClick}>{t('resetPassword')}</Button>;
}

function UserForm({ user, centers, onClose, onSaved }: { user: TUser | null; centers: TCenter[]; onClose(): void; onSaved(): void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const centerId = Form.useWatch('centerId', form) as number | undefined;
  const depts = useLoad(() => (centerId ? get<{ items: TDepartment[] }>(`/centers/${centerId}/departments`) : Promise.resolve({ items: [] })), [centerId]);
  const submit = async () => {
    const v = await form.validateFields();
    const body = { displayName: v.displayName, roles: v.roles, centerId: v.centerId, departmentId: v.departmentId ?? null, staffNo: v.staffNo || null, phone: v.phone || null, ...(user ? { active: v.active } : { username: v.username, password: v.password }) };
    try {
      await api(user ? 'PATCH' : 'POST', user ? `/users/${user.id}` : '/users', body);
      onSaved();
      onClose();
    } catch (err) {
      setError(applyServerErrors(form, err, lang));
    }
  };
  return (
    <Modal open title={user ? `${t('edit')} · ${user.username}` : t('create')} onOk={submit} onCancel={onClose} okText={t('save')} cancelText={t('cancel')}>
      {error && <Alert type="error" message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={user ? { displayName: user.displayName, roles: user.roles, centerId: user.center.id, departmentId: user.departmentId, staffNo: user.staffNo, phone: user.phone, active: user.active } : { roles: ['agent'] }}>
        {!user && <Form.Item name="username" label={t('username')} rules={[{ required: true }]}><Input /></Form.Item>}
        {!user && <Form.Item name="password" label={t('password')} rules={[{ required: true, min: 10 }]}><Input.Password /></Form.Item>}
        <Form.Item name="displayName" label={t('displayName')} rules={[{ required: true }]}><Input /></Form.Item>
        <Form.Item name="roles" label={t('roles')} rules={[{ required: true }]}><Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r][lang] }))} /></Form.Item>
        <Form.Item name="centerId" label={t('center')} rules={[{ required: true }]}><Select options={centers.map((c) => ({ value: c.id, label: c.name }))} /></Form.Item>
        <Form.Item name="departmentId" label={t('department')}><Select allowClear options={(depts.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))} /></Form.Item>
        <Form.Item name="staffNo" label={t('staffNo')}><Input /></Form.Item>
        <Form.Item name="phone" label={t('phone')}><Input /></Form.Item>
        {user && <Form.Item name="active" label={t('active')} valuePropName="checked"><Switch /></Form.Item>}
      </Form>
    </Modal>
  );
}
