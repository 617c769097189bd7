import { randomUUID } from 'node:crypto';

/**
 * Short-lived memory of a conversation, so that a follow-up ("那灵活就业人员呢?", "需要带什么材料")
 * is read against the previous turn. In memory and per node: a session lasts minutes, and losing one
 * on restart costs the citizen one rephrased question. Bounded in size and age.
 */
export type DialogueTurn = { question: string; entryId?: number; topics: string[]; status: string };
export type DialogueSession = { id: string; region?: string; turns: DialogueTurn[]; touchedAt: number };

export function createDialogueSessions(options: { maxSessions?: number; ttlMs?: number; now?: () => number } = {}) {
  const max = options.maxSessions ?? 50_000;
  const ttl = options.ttlMs ?? 30 * 60_000;
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order: re-inserting on touch keeps the oldest first for eviction.
  const sessions = new Map<string, DialogueSession>();

  function get(id: string | undefined): DialogueSession {
    const t = now();
    const found = id ? sessions.get(id) : undefined;
    if (found && t - found.touchedAt <= ttl) {
      sessions.delete(found.id);
      found.touchedAt = t;
      sessions.set(found.id, found);
      return found;
    }
    if (found) sessions.delete(found.id);
    const session: DialogueSession = { id: id && /^[A-Za-z0-9-]{8,64}$/.test(id) ? id : randomUUID(), turns: [], touchedAt: t };
    sessions.set(session.id, session);
    while (sessions.size > max) sessions.delete(sessions.keys().next().value!);
    return session;
  }

  function record(session: DialogueSession, turn: DialogueTurn) {
    session.turns.push(turn);
    if (session.turns.length > 10) session.turns.shift();
  }

  /** The last turn that was answered or clarified: what a follow-up refers to. */
  function context(session: DialogueSession): DialogueTurn | undefined {
    for (let i = session.turns.length - 1; i >= 0; i--) {
      const t = session.turns[i]!;
      if (t.status === 'answered' || t.status === 'clarify') return t;
    }
    return undefined;
  }

  return { get, record, context, get size() { return sessions.size; } };
}

export type DialogueSessions = ReturnType<typeof createDialogueSessions>;
