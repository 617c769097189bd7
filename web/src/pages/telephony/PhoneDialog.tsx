import type { TCenter } from '@shared/api/index.js';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { useI18n } from '../../i18n';
import { applyServerErrors } from '../formErrors';
import { usePhoneLineText } from './text';
import type { TPhone } from './types';

export type PhoneDialogMode = { kind: 'create' } | { kind: 'rename'; phone: TPhone } | { kind: 'password'; phone: TPhone };

/**
 * Creates a phone account, renames one or sets its password. The extension's and the password's
 * rules are the server's: its 400 names each field, and the message goes under that field.
 */
export function PhoneDialog({ mode, centers, onClose, onSaved }: { mode: PhoneDialogMode; centers: TCenter[]; onClose(): void; onSaved(): void }) {
  const { t, lang } = usePhoneLineText();
  const { t: common } = useI18n();
  const { me } = useAuth();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const withPassword = mode.kind !== 'rename';
  const title = mode.kind === 'create' ? t('newPhone') : `${mode.kind === 'rename' ? t('edit') : t('resetPassword')} · ${mode.phone.extension}`;

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      if (mode.kind === 'create') await api('POST', '/telephony/phones', { extension: v.extension, centerId: v.centerId, displayName: v.displayName, password: v.password });
      else await api('PATCH', `/telephony/phones/${mode.phone.id}`, mode.kind === 'rename' ? { displayName: v.displayName } : { password: v.password });
      onSaved();
    } catch (err) {
      setError(applyServerErrors(form, err, lang));
    } finally {
      setSaving(false);
    }
  };

  const initial = mode.kind === 'create' ? { centerId: me?.center.id } : { displayName: mode.phone.displayName };
  return (
    <Modal open title={title} onOk={() => void submit()} onCancel={onClose} okText={common('save')} cancelText={common('cancel')} confirmLoading={saving}>
      {error && <Alert type="error" message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={initial} data-testid="phone-form">
        {mode.kind === 'create' && (
          <>
            <Form.Item name="extension" label={t('extension')} extra={t('extensionHint')} rules={[{ required: true, message: t('required') }]}>
              <Input inputMode="numeric" maxLength={6} autoComplete="off" />
            </Form.Item>
            <Form.Item name="centerId" label={t('center')} rules={[{ required: true, message: t('required') }]}>
              <Select showSearch optionFilterProp="label" options={centers.map((c) => ({ value: c.id, label: c.name }))} />
            </Form.Item>
          </>
        )}
        {mode.kind !== 'password' && (
          <Form.Item name="displayName" label={t('displayName')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
            <Input maxLength={60} />
          </Form.Item>
        )}
        {withPassword && (
          <>
            <Form.Item name="password" label={t('password')} extra={t('passwordHint')} rules={[{ required: true, message: t('required') }]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Form.Item
              name="confirm"
              label={t('confirmPassword')}
              dependencies={['password']}
              rules={[
                { required: true, message: t('required') },
                ({ getFieldValue }) => ({ validator: (_, value) => (!value || value === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('passwordsDiffer')))) }),
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
