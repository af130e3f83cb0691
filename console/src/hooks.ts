import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';

const ticking = new Set<(now: number) => void>();
let ticker: ReturnType<typeof setInterval> | undefined;

/** The current time, ticking every second (live countdowns); one timer for every countdown on the page. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    ticking.add(setNow);
    ticker ??= setInterval(() => {
      const t = Date.now();
      ticking.forEach((tick) => tick(t));
    }, 1000);
    return () => {
      ticking.delete(setNow);
      if (ticking.size === 0) {
        clearInterval(ticker);
        ticker = undefined;
      }
    };
  }, []);
  return now;
}

/** The API no longer lets the caller read what was loaded (a case reassigned or escalated away from them). */
const readingRevoked = (error: unknown) =>
  error instanceof ApiError && (error.status === 403 || error.status === 404);

export interface Polled<T> {
  data: T | undefined;
  /**
   * The last refresh's failure. The previous data is kept and shown, unless the API says the caller may no
   * longer read it (403, 404: a case reassigned or escalated away): then it is dropped.
   */
  error: unknown;
  loading: boolean;
  /**
   * Load afresh now (after an action), without waiting for the next tick. A load already in flight started
   * before the action and may answer what the action changed: its answer is dropped, and a new load starts.
   */
  reload: () => Promise<void>;
  /** Load now unless a load is in flight (the Refresh button): nothing changed that an older answer would miss. */
  refresh: () => Promise<void>;
  /** Replace the data with a fresher copy (an action's answer); a load in flight is dropped. */
  set: (data: T) => void;
}

/**
 * Loads now and then every `intervalMs` (slower while the tab is hidden, so a background tab still updates
 * its title), one load at a time: a tick while a load is in flight waits for it. Only `reload()` starts a load
 * beside one in flight, whose answer, older than the action that asked for the reload, is then dropped (so is
 * one in flight at `set()`). `key` names what is loaded: a new key starts afresh.
 */
export function usePoll<T>(load: () => Promise<T>, intervalMs: number, key: string): Polled<T> {
  const [state, setState] = useState<{ key: string; data?: T; error?: unknown; loading: boolean }>({
    key,
    loading: true,
  });
  const loadRef = useRef(load);
  loadRef.current = load;
  const inFlight = useRef<Promise<void> | null>(null);
  const current = useRef(key);
  current.current = key;
  /** Bumped by set() and reload(): a load that started before fresher data was asked for is dropped. */
  const generation = useRef(0);

  /** A load, or the one in flight; `supersede`: a new one, whatever is in flight (its answer then dropped). */
  const run = useCallback(
    (supersede = false): Promise<void> => {
      if (supersede) generation.current += 1;
      else if (inFlight.current) return inFlight.current;
      const forKey = key;
      const gen = generation.current;
      const stillWanted = () => forKey === current.current && gen === generation.current;
      const done = loadRef.current().then(
        (data) => {
          if (stillWanted()) setState({ key: forKey, data, loading: false });
        },
        (error: unknown) => {
          if (!stillWanted()) return;
          // What the caller may no longer read leaves the screen with the right to read it.
          const revoked = readingRevoked(error);
          setState((s) => ({ key: forKey, data: revoked ? undefined : s.data, error, loading: false }));
        },
      );
      const tracked = done.finally(() => {
        if (inFlight.current === tracked) inFlight.current = null;
      });
      inFlight.current = tracked;
      return tracked;
    },
    [key],
  );

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      if (stopped) return;
      const delay = document.hidden ? Math.max(intervalMs, 10_000) : intervalMs;
      timer = setTimeout(() => void run().finally(schedule), delay);
    };
    inFlight.current = null;
    void run();
    schedule();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [key, intervalMs, run]);

  const fresh = state.key === key;
  return {
    data: fresh ? state.data : undefined,
    error: fresh ? state.error : undefined,
    loading: !fresh || state.loading,
    reload: () => run(true),
    refresh: () => run(false),
    set: (data: T) => {
      generation.current += 1;
      inFlight.current = null;
      setState({ key, data, loading: false });
    },
  };
}
