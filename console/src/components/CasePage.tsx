import { useState } from 'preact/hooks';
import type { ActionForm } from '../actions';
import { label } from '../format';
import { usePoll } from '../hooks';
import { href } from '../router';
import { useReassignTargets } from '../reassign-targets';
import { useSession } from '../session-context';
import type { CaseView } from '../types';
import { ActionBar } from './ActionBar';
import { ActionDialog } from './ActionDialog';
import { ActionResult, useActionResult } from './ActionResult';
import { StatusBadge, TierBadge, Flags, viewBreached } from './Badges';
import { CaseFacts } from './CaseFacts';
import { Compensations } from './Compensations';
import { ErrorBox } from './ErrorBox';
import { Ledger } from './Ledger';
import { SlaClocks } from './SlaClocks';
import { Timeline } from './Timeline';

/** How often an open case page reads the case again (another person's action, a timer, a saga's end). */
const REFRESH_MS = 4000;

export function TemporalLink({ url }: { url: string }) {
  return (
    <a href={url} target="_blank" rel="noopener noreferrer" class="temporal-link">
      Open in Temporal UI
    </a>
  );
}

function Linked({ view }: { view: CaseView }) {
  return (
    <section aria-labelledby="linked-title" class="card">
      <h2 id="linked-title">Linked cases</h2>
      {view.linkedCases.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <ul class="plain">
          {view.linkedCases.map((l) => (
            <li key={l.id}>
              <a href={href.case(l.id)}>{l.id}</a> {label(l.type)}{' '}
              <span class="muted">({label(l.relation)})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function CasePage({ id }: { id: string }) {
  const { api } = useSession();
  const polled = usePoll(() => api.view(id), REFRESH_MS, id);
  const reassignTargets = useReassignTargets();
  const [form, setForm] = useState<ActionForm | null>(null);
  const [outcome, announce] = useActionResult();
  const view = polled.data;

  if (!view) {
    return (
      <main id="main" tabIndex={-1}>
        <h1>Case {id}</h1>
        {polled.error ? (
          <ErrorBox error={polled.error} title="Cannot read the case" />
        ) : (
          <p aria-busy="true">Loading…</p>
        )}
      </main>
    );
  }
  return (
    <main id="main" tabIndex={-1} class="case-page">
      <header class="case-header">
        <h1>
          Case <code>{view.id}</code>
        </h1>
        <p class="case-badges">
          <span class="badge kind">{label(view.type)}</span> <StatusBadge status={view.status} />{' '}
          <TierBadge tier={view.member.tier} />{' '}
          <Flags breached={viewBreached(view)} level={view.escalationLevel} />
        </p>
        <p>
          Owner: <strong>{view.assignee.alias ?? view.assignee.id}</strong>{' '}
          <span class="muted">
            ({view.assignee.role}, level {view.escalationLevel})
          </span>{' '}
          · <TemporalLink url={view.links.temporalUi} />
        </p>
      </header>
      {polled.error !== undefined && <ErrorBox error={polled.error} title="Could not refresh" />}
      <ActionResult outcome={outcome} />
      <ActionBar view={view} onPick={setForm} />
      <div class="case-grid">
        <div class="case-main">
          <CaseFacts view={view} />
          <Compensations view={view} onPick={setForm} />
          <Ledger view={view} />
        </div>
        <div class="case-side">
          <SlaClocks view={view} />
          <Linked view={view} />
          <Timeline view={view} />
        </div>
      </div>
      {form && (
        <ActionDialog
          caseId={view.id}
          form={form}
          owners={reassignTargets(view.assignee.id)}
          onDone={(next) => {
            polled.set(next);
            announce(view.id, form);
          }}
          onClose={() => setForm(null)}
        />
      )}
    </main>
  );
}
