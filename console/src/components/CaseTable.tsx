import type { ComponentChildren } from 'preact';
import { useCaseFacts } from '../facts';
import { label } from '../format';
import { href } from '../router';
import type { CaseSummary } from '../types';
import { StatusBadge, TierBadge, summaryFlags } from './Badges';
import { Countdown } from './Countdown';
import { DataTable } from './DataTable';

interface Props {
  items: CaseSummary[];
  caption: string;
  /** Extra cell at the end of each row (reassign on the team board). */
  rowExtra?: (c: CaseSummary) => ComponentChildren;
}

/** Cases as rows, in the order given: next due time with a live countdown, marks, tier, type, status. */
export function CaseTable({ items, caption, rowExtra }: Props) {
  const factsOf = useCaseFacts(items.map((c) => c.id));
  return (
    <DataTable
      kind="cases"
      caption={caption}
      columns={['Next due', 'Case', 'Tier', 'Type', 'Status', 'Marks']}
      actions="Links"
    >
      {items.map((c) => {
        const facts = factsOf(c.id);
        return (
          <tr key={c.id} data-case={c.id} class={c.breached ? 'is-breached' : undefined}>
            <td data-label="Next due">
              <Countdown due={c.nextDueAt} />
            </td>
            <td data-label="Case">
              <a href={href.case(c.id)} class="case-link">
                {facts ? facts.memberName : c.memberId}
              </a>{' '}
              <code class="small">{c.id}</code>
              {/* The line is there before the summary arrives, so no row moves under a reader's pointer. */}
              <div class="muted small clamp">{facts ? facts.summary : '\u00a0'}</div>
            </td>
            <td data-label="Tier">
              <TierBadge tier={c.tier} />
            </td>
            <td data-label="Type">{label(c.type)}</td>
            <td data-label="Status">
              <StatusBadge status={c.status} />
            </td>
            <td data-label="Marks">{summaryFlags(c)}</td>
            <td data-label="Links">
              <div class="row-actions">
                <a href={c.links.temporalUi} target="_blank" rel="noopener noreferrer">
                  Temporal UI
                </a>
                {rowExtra?.(c)}
              </div>
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
