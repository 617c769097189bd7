import type { TLiveChatMessage, TLiveChatView } from '@shared/api/index.js';
import { useEffect, useRef, useState } from 'react';
import { get } from './api';

const POLL_MS = 2000;

/**
 * A live chat as one side sees it: its state and every message so far, polled every two seconds
 * from `path` (the citizen's or the agent's URL, without `after`). Polling, not a socket: any node of
 * the province answers, and it survives mobile networks. `null` stops.
 */
export function useLiveChatFeed(path: string | null) {
  const [chat, setChat] = useState<Omit<TLiveChatView, 'messages'> | null>(null);
  const [messages, setMessages] = useState<TLiveChatMessage[]>([]);
  const last = useRef(0);
  useEffect(() => {
    last.current = 0;
    setMessages([]);
    setChat(null);
    if (!path) return;
    let stopped = false;
    const poll = async () => {
      try {
        const v = await get<TLiveChatView>(`${path}${path.includes('?') ? '&' : '?'}after=${last.current}`);
        if (stopped) return;
        setChat(v);
        if (v.messages.length) {
          last.current = v.messages.at(-1)!.id;
          setMessages((all) => [...all, ...v.messages]);
        }
      } catch {
        /* the next poll tries again */
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [path]);
  return { chat, messages };
}
