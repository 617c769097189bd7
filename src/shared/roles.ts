/** Staff roles of a 12333 center (see BRIEF.md, "The people who use it"). */
export const ROLES = [
  'agent',
  'team_lead',
  'qa_inspector',
  'knowledge_editor',
  'department_handler',
  'leader',
  'admin',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  agent: { zh: '咨询员', en: 'Agent' },
  team_lead: { zh: '业务组长', en: 'Team lead' },
  qa_inspector: { zh: '质检员', en: 'QA inspector' },
  knowledge_editor: { zh: '知识库管理员', en: 'Knowledge editor' },
  department_handler: { zh: '业务处室经办人', en: 'Department handler' },
  leader: { zh: '局领导', en: 'Leader' },
  admin: { zh: '系统管理员', en: 'Administrator' },
};

/** Roles allowed to see personal data (full phone numbers) of staff accounts. */
export const ROLES_SEEING_STAFF_CONTACTS: readonly Role[] = ['admin', 'team_lead'];
