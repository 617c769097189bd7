import { Card, Result, Tabs } from 'antd';
import type { JSX } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router';
import { useAuth } from '../../auth';
import { tabsFor, type PhoneLineTab } from './access';
import { CallsTab } from './CallsTab';
import { PhonesTab } from './PhonesTab';
import { PromptsTab } from './PromptsTab';
import { StatusTab } from './StatusTab';
import { usePhoneLineText } from './text';

const TAB_VIEWS: Record<PhoneLineTab, { label: Parameters<ReturnType<typeof usePhoneLineText>['t']>[0]; view: () => JSX.Element }> = {
  status: { label: 'tabStatus', view: StatusTab },
  phones: { label: 'tabPhones', view: PhonesTab },
  prompts: { label: 'tabPrompts', view: PromptsTab },
  calls: { label: 'tabCalls', view: CallsTab },
};

/** 电话线路: one page, a tab per concern, each shown only to the roles its API allows (/phone-line/:tab). */
export function PhoneLinePage() {
  const { t } = usePhoneLineText();
  const { me } = useAuth();
  const navigate = useNavigate();
  const { tab } = useParams();
  const allowed = tabsFor(me!.roles);
  if (!tab || !(tab in TAB_VIEWS)) return allowed[0] ? <Navigate to={`/phone-line/${allowed[0]}`} replace /> : <Result status="403" title="403" subTitle={t('forbiddenTab')} />;
  const current = tab as PhoneLineTab;
  return (
    <Card title={t('title')}>
      <Tabs
        activeKey={current}
        onChange={(key) => navigate(`/phone-line/${key}`)}
        destroyOnHidden
        items={allowed.map((key) => {
          const View = TAB_VIEWS[key].view;
          return { key, label: t(TAB_VIEWS[key].label), children: <View /> };
        })}
      />
      {!allowed.includes(current) && <Result status="403" title="403" subTitle={t('forbiddenTab')} />}
    </Card>
  );
}
