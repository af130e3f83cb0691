import { href, type Route } from '../router';
import type { Me } from '../types';

/** Which pages a role has: owners have a queue, supervisors and the head approve, everyone reads the board. */
export function pagesFor(me: Me): { page: Route['page']; text: string; link: string }[] {
  const owner = me.role === 'manager' || me.role === 'supervisor' || me.role === 'head';
  const approver = me.role === 'supervisor' || me.role === 'head';
  return [
    ...(owner ? [{ page: 'queue' as const, text: 'My queue', link: href.queue }] : []),
    ...(approver ? [{ page: 'approvals' as const, text: 'Approvals', link: href.approvals }] : []),
    ...(me.role !== 'manager'
      ? [
          {
            page: 'board' as const,
            text: me.role === 'engineer' ? 'All cases' : 'Team board',
            link: href.board,
          },
        ]
      : []),
  ];
}

/** The skip link moves focus without touching the hash (the hash is the route). */
function skipToMain(event: Event) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}

export function Nav({ me, route, onSignOut }: { me: Me; route: Route; onSignOut?: () => void }) {
  return (
    <header class="top">
      <a href="#main" class="skip-link" onClick={skipToMain}>
        Skip to content
      </a>
      <span class="brand">Concierge console</span>
      <nav aria-label="Pages">
        <ul>
          {pagesFor(me).map((p) => (
            <li key={p.page}>
              <a href={p.link} aria-current={route.page === p.page ? 'page' : undefined}>
                {p.text}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <span class="who">
        {me.alias ?? me.id} <span class="muted">({me.role})</span>
      </span>
      {onSignOut && (
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      )}
    </header>
  );
}
