import type { TMe } from '@shared/api/auth.js';
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, setUnauthenticatedHandler } from './api';

type AuthState = { me: TMe | null; loading: boolean; login(u: string, p: string): Promise<TMe>; logout(): Promise<void>; refresh(): Promise<void> };
const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<TMe | null>(null);
  const [loading, setLoading] = useState(true);
  const refresh = useCallback(async () => {
    try {
      setMe(await api<TMe>('GET', '/auth/me'));
    } catch {
      setMe(null);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    setUnauthenticatedHandler(() => setMe(null));
    void refresh();
  }, [refresh]);
  const login = async (username: string, password: string) => {
    const res = await api<{ user: TMe }>('POST', '/auth/login', { username, password });
    setMe(res.user);
    return res.user;
  };
  const logout = async () => {
    await api('POST', '/auth/logout').catch(() => {});
    setMe(null);
  };
  return <AuthContext.Provider value={{ me, loading, login, logout, refresh }}>{children}</AuthContext.Provider>;
}

export function useAuth() {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
