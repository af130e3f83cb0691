import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Api } from './api';
import type { FactsCache } from './facts-cache';
import type { Me } from './types';

export interface Session {
  api: Api;
  me: Me;
  /** Member names and summaries of the cases seen this session. */
  facts: FactsCache;
}

export const SessionContext = createContext<Session | null>(null);

/** The signed-in principal and their API client (only rendered inside a signed-in console). */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in console');
  return session;
}
