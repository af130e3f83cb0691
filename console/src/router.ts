/** Hash routes, so that /console is the only page the server serves and a reload stays where it was. */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { page: 'queue' }
  | { page: 'case'; id: string }
  | { page: 'approvals' }
  | { page: 'board' }
  | { page: 'home' };

/** A link's escapes undone; undefined for a broken escape (`%E0%A4%A`), which a crafted link may hold. */
function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const [first, second] = path.split('/');
  if (first === 'cases' && second) {
    const id = decoded(second);
    return id === undefined ? { page: 'home' } : { page: 'case', id };
  }
  if (first === 'queue' || first === 'approvals' || first === 'board') return { page: first };
  return { page: 'home' };
}

export const href = {
  queue: '#/queue',
  approvals: '#/approvals',
  board: '#/board',
  case: (id: string) => `#/cases/${encodeURIComponent(id)}`,
};

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    // The hash may have changed between the first render and this effect, which runs after the first paint.
    onChange();
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
