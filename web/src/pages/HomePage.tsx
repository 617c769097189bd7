import type { TAuditEntry, TCalendarDay, TCalendarStatus, TCenter, TCenterStatus, TDepartment, TUser } from '@shared/api/index.js';
import { Alert, Card, Col, Descriptions, List, Row, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { get } from '../api';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { useLoad } from '../useLoad';

const KIND_COLOR: Record<string, string> = { workday: 'default', rest_day: 'blue', holiday: 'red', makeup_workday: 'orange' };

/** The home page: a "today" card for everyone, then one section per role the account has. */
export function HomePage() {
  const { me } = useAuth();
  if (!me) return null;
  const has = (r: string) => me.roles.includes(r as never);
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <TodayCard centerId={me.center.id} showWarnings={has('admin') || has('leader')} />
      </Col>
      {has('agent') && <AgentSection />}
      {has('team_lead') && <TeamLeadSection />}
      {has('leader') && <LeaderSection />}
      {has('admin') && <AdminSection />}
      {has('qa_inspector') && <RoleCenterSection role="qa_inspector" />}
      {has('knowledge_editor') && <RoleCenterSection role="knowledge_editor" />}
      {has('department_handler') && <RoleCenterSection role="department_handler" />}
    </Row>
  );
}

function TodayCard({ centerId, showWarnings }: { centerId: number; showWarnings: boolean }) {
  const { t, lang } = useI18n();
  const status = useLoad(() => get<TCenterStatus>(`/centers/${centerId}/status`), [centerId]);
  const from = dayjs().format('YYYY-MM-DD');
  const to = dayjs().add(30, 'day').format('YYYY-MM-DD');
  const days = useLoad(() => get<{ items: TCalendarDay[] }>(`/calendar/days?from=${from}&to=${to}&centerId=${centerId}`), [centerId]);
  const calendar = useLoad(() => get<TCalendarStatus>('/calendar/status'), []);
  const s = status.data;
  return (
    <Card title={t('today')}>
      {showWarnings && calendar.data?.warnings.map((w) => <Alert key={w.code} type="warning" showIcon message={lang === 'en' ? w.messageEn : w.message} style={{ marginBottom: 12 }} data-testid="calendar-warning" />)}
      {status.error && <Alert type="error" message={status.error.text(lang)} />}
      {s && (
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('today')}>{s.date} <Tag color={KIND_COLOR[s.dayKind]}>{t(s.dayKind as 'workday')}</Tag>{s.dayName}</Descriptions.Item>
          <Descriptions.Item label={t('status')}><Tag color={s.inWorkingHours ? 'green' : 'default'} data-testid="in-hours">{s.inWorkingHours ? t('inHours') : t('outOfHours')}</Tag></Descriptions.Item>
          <Descriptions.Item label={t('nextOpen')}>{s.nextOpenAt ? dayjs(s.nextOpenAt).format('YYYY-MM-DD HH:mm') : '—'}</Descriptions.Item>
        </Descriptions>
      )}
      <Typography.Text type="secondary">{t('upcoming')}: </Typography.Text>
      {days.error && <Typography.Text type="danger">{days.error.text(lang)}</Typography.Text>}
      {days.data && (days.data.items.filter((d) => d.kind === 'holiday' || d.kind === 'makeup_workday').map((d) => <Tag key={d.date} color={KIND_COLOR[d.kind]}>{d.date} {d.name}</Tag>))}
      {days.data && !days.data.items.some((d) => d.kind === 'holiday' || d.kind === 'makeup_workday') && <Typography.Text>{t('none')}</Typography.Text>}
    </Card>
  );
}

function AgentSection() {
  const { me } = useAuth();
  const { t } = useI18n();
  const depts = useLoad(() => get<{ items: TDepartment[] }>(`/centers/${me!.center.id}/departments`), [me!.center.id]);
  return (
    <Col span={24}>
      <Card title={<span data-testid="home-agent">咨询员工作台 · {me!.center.name}</span>}>
        <Typography.Paragraph type="secondary">{t('departments')}</Typography.Paragraph>
        <List size="small" dataSource={depts.data?.items.filter((d) => d.active) ?? []} renderItem={(d) => <List.Item><b>{d.name}</b>&nbsp;{d.duties}</List.Item>} />
      </Card>
    </Col>
  );
}

function TeamLeadSection() {
  const { me } = useAuth();
  const { t } = useI18n();
  const agents = useLoad(() => get<{ items: TUser[] }>(`/users?centerId=${me!.center.id}&role=agent&pageSize=200`), [me!.center.id]);
  return (
    <Col span={24}>
      <Card title={<span data-testid="home-team_lead">组长工作台 · {t('agents')}</span>}>
        <Table size="small" rowKey="id" pagination={false} dataSource={agents.data?.items ?? []} columns={[
          { title: t('displayName'), dataIndex: 'displayName' },
          { title: t('staffNo'), dataIndex: 'staffNo' },
          { title: t('active'), dataIndex: 'active', render: (v: boolean) => (v ? t('yes') : t('no')) },
          { title: t('locked'), dataIndex: 'lockedUntil', render: (v: string | null) => (v ? <Tag color="red">{t('locked')}</Tag> : null) },
        ]} />
      </Card>
    </Col>
  );
}

function LeaderSection() {
  const { t } = useI18n();
  const rows = useLoad(async () => {
    const { items } = await get<{ items: TCenter[] }>('/centers');
    const statuses = await Promise.all(items.map((c) => get<TCenterStatus>(`/centers/${c.id}/status`).catch(() => null)));
    return items.map((c, i) => ({ ...c, status: statuses[i] }));
  }, []);
  return (
    <Col span={24}>
      <Card title={<span data-testid="home-leader">领导视图 · {t('allCenters')}</span>}>
        <Table size="small" rowKey="id" pagination={false} loading={rows.loading} dataSource={rows.data ?? []} columns={[
          { title: t('name'), dataIndex: 'name' },
          { title: t('level'), dataIndex: 'level', render: (v: string) => t(v as 'city') },
          { title: t('areaCodes'), dataIndex: 'areaCodes', render: (v: string[]) => v.join(' ') },
          { title: t('status'), render: (_: unknown, r) => (r.status ? <Tag color={r.status.inWorkingHours ? 'green' : 'default'}>{r.status.inWorkingHours ? t('inHours') : t('outOfHours')}</Tag> : '—') },
        ]} />
      </Card>
    </Col>
  );
}

function AdminSection() {
  const { t } = useI18n();
  const data = useLoad(async () => {
    const [centers, users, audit] = await Promise.all([
      get<{ items: TCenter[] }>('/centers'),
      get<{ items: TUser[]; total: number }>('/users?pageSize=200'),
      get<{ items: TAuditEntry[] }>('/audit?pageSize=10'),
    ]);
    return { centers: centers.items.length, users: users.total, locked: users.items.filter((u) => u.lockedUntil).length, audit: audit.items };
  }, []);
  return (
    <Col span={24}>
      <Card title={<span data-testid="home-admin">系统管理 · {t('overview')}</span>}>
        <Row gutter={16}>
          <Col span={8}><Statistic title={t('centerCount')} value={data.data?.centers ?? '—'} /></Col>
          <Col span={8}><Statistic title={t('userCount')} value={data.data?.users ?? '—'} /></Col>
          <Col span={8}><Statistic title={t('lockedAccounts')} value={data.data?.locked ?? '—'} /></Col>
        </Row>
        <Typography.Title level={5} style={{ marginTop: 16 }}>{t('latestAudit')}</Typography.Title>
        <Table size="small" rowKey="id" pagination={false} dataSource={data.data?.audit ?? []} columns={[
          { title: t('time'), dataIndex: 'at', render: (v: string) => dayjs(v).format('MM-DD HH:mm:ss') },
          { title: t('actor'), dataIndex: 'actorName' },
          { title: t('action'), dataIndex: 'action' },
          { title: t('entity'), render: (_: unknown, r: TAuditEntry) => `${r.entityType} ${r.entityId ?? ''}` },
        ]} />
      </Card>
    </Col>
  );
}

const ROLE_TITLES = { qa_inspector: '质检员工作台', knowledge_editor: '知识库管理员工作台', department_handler: '业务处室工作台' } as const;

function RoleCenterSection({ role }: { role: keyof typeof ROLE_TITLES }) {
  const { me } = useAuth();
  const { t } = useI18n();
  const depts = useLoad(() => get<{ items: TDepartment[] }>(`/centers/${me!.center.id}/departments`), [me!.center.id]);
  const dept = depts.data?.items.find((d) => d.id === me!.departmentId);
  return (
    <Col span={24}>
      <Card title={<span data-testid={`home-${role}`}>{ROLE_TITLES[role]}</span>}>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('myCenter')}>{me!.center.name}</Descriptions.Item>
          {dept && <Descriptions.Item label={t('department')}>{dept.name}({dept.duties})</Descriptions.Item>}
        </Descriptions>
      </Card>
    </Col>
  );
}
