import type { Role } from '@shared/roles.js';

/** Who may open each tab of the phone-line page: the `access` of the API routes each tab calls. */
export const PHONE_LINE_TABS = {
  status: ['team_lead', 'admin', 'leader'],
  phones: ['admin', 'team_lead'],
  prompts: ['admin', 'team_lead'],
  calls: ['team_lead', 'qa_inspector', 'leader', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type PhoneLineTab = keyof typeof PHONE_LINE_TABS;

/** Changes: creating and editing phone accounts, uploading and removing prompts. */
export const PHONE_LINE_WRITERS: readonly Role[] = ['admin'];
/** Who hears recordings (and sees full caller numbers): GET /telephony/calls/:id/recording. */
export const RECORDING_LISTENERS: readonly Role[] = ['qa_inspector', 'team_lead'];

/** Everyone who sees the phone-line entry in the menu: any tab is enough. */
export const PHONE_LINE_ROLES: Role[] = [...new Set(Object.values(PHONE_LINE_TABS).flat())];

export const tabsFor = (roles: readonly Role[]) =>
  (Object.keys(PHONE_LINE_TABS) as PhoneLineTab[]).filter((tab) => PHONE_LINE_TABS[tab].some((r) => roles.includes(r)));

export const hasAny = (roles: readonly Role[], allowed: readonly Role[]) => allowed.some((r) => roles.includes(r));
