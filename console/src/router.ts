/** Hash routes, so that /console is the only page the server serves and a reload stays where it was. */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { page: 'queue' }
  | { page: 'case'; id: string }
  | { page: 'approvals' }
  | { page: 'board' }
  | { page: 'home' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const [first, second] = path.split('/');
  if (first === 'cases' && second) return { page: 'case', id: decodeURIComponent(second) };
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
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
