import type { AuditActor } from '../../platform/audit/audit-trail.js';
import type { Role } from '../../shared/roles.js';
import type { CentersService } from '../centers/index.js';
import type { UsersService } from './users.service.js';

export const DEMO_PASSWORD = 'Demo@12333';

type DemoUser = { username: string; displayName: string; roles: Role[]; centerCode: string; department?: string; staffNo?: string };

/** One account per role, on the demo province (modules/centers/demo-province.ts). */
export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', displayName: '系统管理员', roles: ['admin'], centerCode: 'jl' },
  { username: 'leader', displayName: '厅领导(演示)', roles: ['leader'], centerCode: 'jl' },
  { username: 'editor', displayName: '知识库管理员(演示)', roles: ['knowledge_editor'], centerCode: 'jl' },
  { username: 'editor2', displayName: '知识库审核员(演示)', roles: ['knowledge_editor'], centerCode: 'jl' },
  { username: 'handler.yl', displayName: '养老保险处经办人(演示)', roles: ['department_handler'], centerCode: 'jl', department: '养老保险处' },
  { username: 'lead.cc', displayName: '长春业务组长(演示)', roles: ['team_lead'], centerCode: 'jl-changchun', staffNo: 'CC-L01' },
  { username: 'qa.cc', displayName: '长春质检员(演示)', roles: ['qa_inspector'], centerCode: 'jl-changchun', staffNo: 'CC-Q01' },
  { username: 'agent.cc', displayName: '长春咨询员(演示)', roles: ['agent'], centerCode: 'jl-changchun', staffNo: 'CC-001' },
  { username: 'agent.jl', displayName: '吉林咨询员(演示)', roles: ['agent'], centerCode: 'jl-jilin', staffNo: 'JL-001' },
  { username: 'agent.na', displayName: '农安咨询员(演示)', roles: ['agent'], centerCode: 'jl-changchun-nongan', staffNo: 'NA-001' },
];

export async function seedDemoUsers(users: UsersService, centers: CentersService, actor: AuditActor) {
  if ((await users.countUsers()) > 0) return [];
  const all = await centers.all();
  const created: DemoUser[] = [];
  for (const u of DEMO_USERS) {
    const center = all.find((c) => c.code === u.centerCode);
    if (!center) continue;
    const department = u.department ? (await centers.departments(center.id)).find((d) => d.name === u.department) : undefined;
    await users.create(actor, null, {
      username: u.username,
      displayName: u.displayName,
      password: DEMO_PASSWORD,
      roles: u.roles,
      centerId: center.id,
      departmentId: department?.id ?? null,
      staffNo: u.staffNo ?? null,
      phone: null,
    });
    created.push(u);
  }
  return created;
}
