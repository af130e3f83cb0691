import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { Api, ApiError } from './api';
import { ApprovalsPage } from './components/ApprovalsPage';
import { BoardPage } from './components/BoardPage';
import { CasePage } from './components/CasePage';
import { Nav, pagesFor } from './components/Nav';
import { QueuePage } from './components/QueuePage';
import { SignIn } from './components/SignIn';
import { FactsCache } from './facts-cache';
import { usePoll, type Polled } from './hooks';
import { useRoute, type Route } from './router';
import { forgetToken, storeToken, storedToken } from './session';
import { SessionContext, type Session } from './session-context';
import type { Queue } from './types';

/** A new case shows in the queue within this long (and the tab title counts it). */
const QUEUE_REFRESH_MS = 3000;
const TITLE = 'Concierge console';

function Page({ route, queue }: { route: Route; queue: Polled<Queue | null> | null }) {
  switch (route.page) {
    case 'case':
      // A page of its own per case: nothing of one case (an open form, what was done) stays on the next.
      return <CasePage key={route.id} id={route.id} />;
    case 'approvals':
      return <ApprovalsPage />;
    case 'board':
      return <BoardPage />;
    case 'queue':
    case 'home':
      return queue ? <QueuePage queue={queue} /> : <BoardPage />;
  }
}

function SignedIn({ session, onSignOut }: { session: Session; onSignOut?: () => void }) {
  const route = useRoute();
  const { api, me } = session;
  const owner = pagesFor(me).some((p) => p.page === 'queue');
  // Polled here rather than in the queue page, so the tab title counts callbacks on every page.
  const queue = usePoll<Queue | null>(
    () => (owner ? api.queue(me.id) : Promise.resolve(null)),
    QUEUE_REFRESH_MS,
    me.id,
  );
  const waiting = queue.data?.items.filter((c) => c.status === 'awaiting_callback').length ?? 0;
  useEffect(() => {
    document.title = waiting > 0 ? `(${waiting}) ${TITLE}` : TITLE;
  }, [waiting]);
  useEffect(() => {
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [route.page, route.page === 'case' ? route.id : '']);
  return (
    <SessionContext.Provider value={session}>
      <Nav me={me} route={route} onSignOut={onSignOut} />
      <Page route={route} queue={owner ? queue : null} />
    </SessionContext.Provider>
  );
}

type State =
  | { kind: 'checking' }
  | { kind: 'signed-out'; error?: unknown }
  | { kind: 'signed-in'; session: Session; viaProxy: boolean };

export function App() {
  const [state, setState] = useState<State>({ kind: 'checking' });
  /** The session's client: a 401 answered to an earlier session's request signs nobody out. */
  const current = useRef<Api | null>(null);

  const signOut = useCallback((error?: unknown) => {
    current.current = null;
    forgetToken();
    document.title = TITLE;
    setState({ kind: 'signed-out', error });
  }, []);

  const start = useCallback(
    async (token: string | null): Promise<void> => {
      const api: Api = new Api(token, () => {
        if (current.current !== api) return;
        signOut(
          new ApiError(401, { error: 'unauthenticated', message: 'The API no longer accepts this token.' }),
        );
      });
      current.current = api;
      const me = await api.me();
      if (token !== null) storeToken(token);
      setState({
        kind: 'signed-in',
        session: { api, me, facts: new FactsCache() },
        viaProxy: token === null,
      });
    },
    [signOut],
  );

  useEffect(() => {
    // A token from earlier in this tab; else none at all, which works when a single sign-on proxy adds one.
    const token = storedToken();
    start(token).catch((error: unknown) => {
      // Only a token the API refuses is forgotten: an API restarting or unreachable is worth a reload.
      if (error instanceof ApiError && error.status === 401) forgetToken();
      setState({ kind: 'signed-out', error: token !== null ? error : undefined });
    });
  }, [start]);

  if (state.kind === 'checking') return <p aria-busy="true">Loading…</p>;
  if (state.kind === 'signed-out') {
    return (
      <SignIn
        error={state.error}
        onSignIn={(token) => start(token).catch((error: unknown) => setState({ kind: 'signed-out', error }))}
        // A token kept while the API could not answer: whoever uses the tab next must be able to drop it.
        onSignOut={storedToken() !== null ? () => signOut() : undefined}
      />
    );
  }
  return (
    <SignedIn
      key={state.session.me.id}
      session={state.session}
      onSignOut={state.viaProxy ? undefined : () => signOut()}
    />
  );
}
