import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit, type AuditActor } from '../../../platform/audit/audit-trail.js';
import type { Clock } from '../../../platform/clock.js';
import type { EventBus } from '../../../platform/events/event-bus.js';
import { AppError, conflict, forbidden, notFound } from '../../../platform/http/app-error.js';
import type { Principal } from '../../../platform/http/access.js';
import type { TLiveChatView } from '../../../shared/api/answering.js';
import type { CentersService } from '../../centers/index.js';
import { liveChatRepository as repo, type LiveChatRow } from './live-chat.repository.js';

declare module '../../../platform/events/event-bus.js' {
  interface DomainEvents {
    /** A citizen is waiting for an agent in the chat: agents' desks and the team lead's live view show it. */
    'answering.live_chat_waiting': { chatId: number; regionCenterId: number | null };
    'answering.live_chat_closed': { chatId: number; by: 'citizen' | 'agent' };
  }
}

/** An agent's page renews this every 20 seconds while "taking chats" is on. */
export const AVAILABILITY_TTL_MS = 60_000;
const MAX_MESSAGE = 1000;

export type LiveChatDeps = { db: Kysely<any>; clock: Clock; bus: EventBus; centers: CentersService };

/**
 * Live chat with an agent: a citizen who asks for a person while an agent is taking chats talks to
 * them from the chat page; otherwise the page offers a callback. Agents serve the region of their
 * center and the regions below it (a provincial agent serves everyone).
 */
export function createLiveChat(deps: LiveChatDeps) {
  const { db } = deps;
  const hash = (token: string) => createHash('sha256').update(token).digest('hex');

  async function regionCenterId(code: string | undefined): Promise<number | null> {
    if (!code) return null;
    const c = (await deps.centers.all()).find((x) => x.code === code);
    if (!c) throw new AppError('VALIDATION_FAILED', 'region: 未知的地区', 'region: unknown region', { fields: [{ field: 'body.region', code: 'unknown_region', message: '未知的地区' }] });
    return c.id;
  }

  /** Whether an agent of this center serves a caller of that region. */
  async function serves(agentCenterId: number, regionCenter: number | null): Promise<boolean> {
    if (regionCenter === null) return true;
    return (await deps.centers.chainOf(regionCenter)).includes(agentCenterId);
  }

  async function availability(region: string | undefined) {
    const center = await regionCenterId(region);
    const agents = await repo.availableAgents(db, deps.clock.now());
    let n = 0;
    for (const a of agents) if (await serves(a.center_id, center)) n++;
    return { available: n > 0, agents: n };
  }

  async function start(actor: AuditActor, input: { question: string; sessionId?: string; region?: string }) {
    const center = await regionCenterId(input.region);
    if (!(await availability(input.region)).available) {
      throw conflict('现在没有可在线接待的工作人员,请留下电话等待回电', 'No agent is taking chats now', { callback: true });
    }
    const token = randomBytes(24).toString('base64url');
    const now = deps.clock.now();
    const chat = await db.transaction().execute(async (trx) => {
      const row = await repo.create(trx, {
        token_hash: hash(token),
        session_id: input.sessionId ?? null,
        region_center_id: center,
        question: input.question,
        status: 'waiting',
        agent_id: null,
        agent_name: null,
        created_at: now,
        accepted_at: null,
        closed_at: null,
        closed_by: null,
      });
      await repo.addMessage(trx, { chat_id: row.id, at: now, sender: 'citizen', text: input.question });
      await recordAudit(trx, actor, { action: 'answering.live_chat_started', entityType: 'live_chat', entityId: String(row.id), after: { region: input.region ?? null } });
      return row;
    });
    await deps.bus.publish('answering.live_chat_waiting', { chatId: chat.id, regionCenterId: center });
    return { id: chat.id, token, status: chat.status };
  }

  async function citizenChat(id: number, token: string): Promise<LiveChatRow> {
    const chat = await repo.get(db, id);
    // The same answer for a wrong token and a missing chat: ids are guessable, tokens are not.
    if (!chat || chat.token_hash !== hash(token)) throw notFound('会话', 'Chat');
    return chat;
  }

  /** The chat and its messages after `after` (`null`: without messages, for lists). */
  async function view(chat: LiveChatRow, after: number | null): Promise<TLiveChatView> {
    const names = new Map((await deps.centers.all()).map((c) => [c.id, c.shortName]));
    const messages = after === null ? [] : await repo.messages(db, chat.id, after);
    return {
      id: chat.id,
      status: chat.status,
      agentName: chat.agent_name,
      question: chat.question,
      regionName: chat.region_center_id === null ? null : (names.get(chat.region_center_id) ?? null),
      createdAt: chat.created_at.toISOString(),
      acceptedAt: chat.accepted_at?.toISOString() ?? null,
      closedAt: chat.closed_at?.toISOString() ?? null,
      messages: messages.map((m) => ({ id: m.id, at: m.at.toISOString(), sender: m.sender, text: m.text })),
    };
  }

  async function say(chat: LiveChatRow, sender: 'citizen' | 'agent', text: string) {
    if (chat.status === 'closed') throw conflict('会话已结束', 'The chat has ended');
    if (sender === 'citizen' && chat.status !== 'active' && chat.status !== 'waiting') throw conflict('会话已结束', 'The chat has ended');
    return repo.addMessage(db, { chat_id: chat.id, at: deps.clock.now(), sender, text: text.slice(0, MAX_MESSAGE) });
  }

  // ---- the citizen's side ------------------------------------------------------------------------
  const citizen = {
    get: async (id: number, token: string, after: number) => view(await citizenChat(id, token), after),
    send: async (id: number, token: string, text: string) => {
      const m = await say(await citizenChat(id, token), 'citizen', text);
      return { id: m.id };
    },
    close: async (id: number, token: string, actor: AuditActor) => {
      const chat = await citizenChat(id, token);
      await endChat(chat, actor, 'citizen');
    },
  };

  // ---- the agent's side --------------------------------------------------------------------------
  async function agentChat(principal: Principal, id: number): Promise<LiveChatRow> {
    const chat = await repo.get(db, id);
    if (!chat || !(await serves(principal.centerId, chat.region_center_id))) throw notFound('会话', 'Chat');
    return chat;
  }

  const agent = {
    async setAvailable(principal: Principal, available: boolean) {
      const until = available ? new Date(deps.clock.now().getTime() + AVAILABILITY_TTL_MS) : new Date(0);
      await repo.setAvailability(db, { user_id: principal.userId, display_name: principal.displayName, center_id: principal.centerId, available_until: until });
      return { available, until: available ? until.toISOString() : null };
    },
    /** Waiting chats this agent may take, and the agent's own active ones. */
    async list(principal: Principal) {
      const out: TLiveChatView[] = [];
      for (const chat of await repo.open(db)) {
        if (chat.status === 'active' && chat.agent_id !== principal.userId) continue;
        if (!(await serves(principal.centerId, chat.region_center_id))) continue;
        out.push(await view(chat, null));
      }
      return out;
    },
    async accept(principal: Principal, actor: AuditActor, id: number) {
      await agentChat(principal, id);
      const now = deps.clock.now();
      const taken = await db.transaction().execute(async (trx) => {
        const row = await repo.accept(trx, id, principal.userId, principal.displayName, now);
        if (!row) return undefined;
        await repo.addMessage(trx, { chat_id: id, at: now, sender: 'system', text: `工作人员${principal.displayName}为您服务` });
        await recordAudit(trx, actor, { action: 'answering.live_chat_accepted', entityType: 'live_chat', entityId: String(id) });
        return row;
      });
      if (!taken) throw conflict('该会话已被其他工作人员接入或已结束', 'Already taken or ended');
      return view(taken, 0);
    },
    async get(principal: Principal, id: number, after: number) {
      const chat = await agentChat(principal, id);
      return view(chat, after);
    },
    async send(principal: Principal, id: number, text: string) {
      const chat = await agentChat(principal, id);
      if (chat.agent_id !== principal.userId) throw forbidden();
      const m = await say(chat, 'agent', text);
      return { id: m.id };
    },
    async close(principal: Principal, actor: AuditActor, id: number) {
      const chat = await agentChat(principal, id);
      if (chat.agent_id !== principal.userId) throw forbidden();
      await endChat(chat, actor, 'agent');
    },
  };

  async function endChat(chat: LiveChatRow, actor: AuditActor, by: 'citizen' | 'agent') {
    const now = deps.clock.now();
    const closed = await db.transaction().execute(async (trx) => {
      const row = await repo.close(trx, chat.id, by, now);
      if (!row) return undefined;
      await repo.addMessage(trx, { chat_id: chat.id, at: now, sender: 'system', text: by === 'citizen' ? '市民已结束会话' : '工作人员已结束会话,感谢您的咨询' });
      await recordAudit(trx, actor, { action: 'answering.live_chat_closed', entityType: 'live_chat', entityId: String(chat.id), after: { by } });
      return row;
    });
    if (closed) await deps.bus.publish('answering.live_chat_closed', { chatId: chat.id, by });
  }

  return { availability, start, citizen, agent };
}

export type LiveChat = ReturnType<typeof createLiveChat>;
