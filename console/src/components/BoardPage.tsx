import { useState } from 'preact/hooks';
import { CASE_STATUSES, CASE_TYPES, TIERS } from '../../../workflows/domain';
import { formsFor, type ActionForm } from '../actions';
import type { ListFilter } from '../api';
import { AllowedActionsCache } from '../allowed-actions-cache';
import { listCases } from '../fanout';
import { label } from '../format';
import { usePoll } from '../hooks';
import { useReassignTargets } from '../reassign-targets';
import { useSession } from '../session-context';
import type { CaseSummary } from '../types';
import { ActionDialog } from './ActionDialog';
import { ActionResult, useActionResult } from './ActionResult';
import { CaseTable } from './CaseTable';
import { ErrorBox } from './ErrorBox';
import { FormButtons } from './FormButtons';
import { ListCut } from './ListCut';

const REFRESH_MS = 10_000;
/**
 * Rows whose allowed actions (Reassign) are read, each again only when its row changes (allowed-actions-cache.ts);
 * a board longer than this is filtered first.
 */
const VIEWS_FOR = 200;

function Select(props: {
  id: string;
  text: string;
  value: string;
  any: string;
  options: readonly string[];
  onChange: (v: string) => void;
}) {
  return (
    <div class="field inline">
      <label for={props.id}>{props.text}</label>
      <select
        id={props.id}
        value={props.value}
        onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}
      >
        <option value="">{props.any}</option>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {label(o)}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * The board's drop-down filters: the list query's parameter, its label, what "no choice" shows, the values. The
 * types are the deployment's (`GET /v1/case-types`: plugged-in ones too), the contract's five until it answers.
 */
const selects = (caseTypes: readonly string[]) =>
  [
    { key: 'status', text: 'Status', any: 'Any open', options: CASE_STATUSES },
    { key: 'tier', text: 'Tier', any: 'Any tier', options: TIERS },
    { key: 'type', text: 'Type', any: 'Any type', options: caseTypes },
  ] as const;

/** How often the board asks the deployment's case types again (a new type arrives with a release). */
const CASE_TYPES_REFRESH_MS = 5 * 60_000;

/** Open cases (or the chosen status) by owner, with filters; Reassign where the API allows it. */
export function BoardPage() {
  const { api, me } = useSession();
  const [filter, setFilter] = useState<ListFilter>({});
  const board = usePoll(() => listCases(api, filter), REFRESH_MS, JSON.stringify(filter));
  const caseTypes = usePoll(
    async () => (await api.caseTypes()).items.map((t) => t.type),
    CASE_TYPES_REFRESH_MS,
    'case-types',
  );
  const items = [...(board.data?.items ?? [])].sort(
    (a, b) => (a.nextDueAt ?? '9999').localeCompare(b.nextDueAt ?? '9999') || a.id.localeCompare(b.id),
  );
  const [allowed] = useState(() => new AllowedActionsCache());
  const rows = items.slice(0, VIEWS_FOR);
  const views = usePoll(() => allowed.refresh(api, rows), REFRESH_MS, rows.map((c) => c.id).join(','));
  const [open, setOpen] = useState<{ caseId: string; form: ActionForm } | null>(null);
  const reassignTargets = useReassignTargets();
  const [outcome, announce] = useActionResult();

  const groups = new Map<string, CaseSummary[]>();
  for (const c of items) groups.set(c.assigneeId, [...(groups.get(c.assigneeId) ?? []), c]);
  const owners = [...groups.keys()].sort();
  const set = (key: keyof ListFilter) => (value: string) =>
    setFilter(({ [key]: _, ...rest }) => (value ? { ...rest, [key]: value } : rest));

  const reassign = (c: CaseSummary) =>
    (allowed.get(c.id) ?? []).includes('reassign') && (
      <FormButtons forms={formsFor('reassign')} onPick={(form) => setOpen({ caseId: c.id, form })} />
    );

  return (
    <main id="main" tabIndex={-1}>
      <h1>{me.role === 'engineer' ? 'All cases' : 'Team board'}</h1>
      <form class="filters" role="search" aria-label="Filter cases" onSubmit={(e) => e.preventDefault()}>
        {selects(caseTypes.data ?? CASE_TYPES).map((f) => (
          <Select
            key={f.key}
            id={`flt-${f.key}`}
            text={f.text}
            any={f.any}
            value={filter[f.key] ?? ''}
            options={f.options}
            onChange={set(f.key)}
          />
        ))}
        <div class="field inline checkbox">
          <input
            id="flt-breached"
            type="checkbox"
            checked={filter.breached === 'true'}
            onChange={(e) => set('breached')((e.target as HTMLInputElement).checked ? 'true' : '')}
          />
          <label for="flt-breached">Breached only</label>
        </div>
      </form>
      <p class="muted" aria-live="polite">
        {board.data
          ? `${items.length} ${items.length === 1 ? 'case' : 'cases'}, ${owners.length} owners`
          : 'Loading…'}
      </p>
      <ListCut truncated={board.data?.truncated} rest="Narrow the filter to see the rest." />
      <ActionResult outcome={outcome} />
      {board.error !== undefined && <ErrorBox error={board.error} title="Could not refresh the board" />}
      {owners.map((owner) => (
        <section key={owner} aria-labelledby={`owner-${owner}`} class="owner-group">
          <h2 id={`owner-${owner}`}>
            {owner} <span class="muted">({groups.get(owner)!.length})</span>
          </h2>
          <CaseTable items={groups.get(owner)!} caption={`Cases owned by ${owner}`} rowExtra={reassign} />
        </section>
      ))}
      {open && (
        <ActionDialog
          caseId={open.caseId}
          form={open.form}
          owners={reassignTargets(items.find((c) => c.id === open.caseId)?.assigneeId ?? '')}
          onDone={() => {
            allowed.forget(open.caseId);
            void board.reload();
            void views.reload();
            announce(open.caseId, open.form);
          }}
          onClose={() => setOpen(null)}
        />
      )}
    </main>
  );
}
