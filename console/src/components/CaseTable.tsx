import type { ComponentChildren } from 'preact';
import { useCaseFacts } from '../facts';
import { label } from '../format';
import { href } from '../router';
import type { CaseSummary } from '../types';
import { StatusBadge, TierBadge, summaryFlags } from './Badges';
import { Countdown } from './Countdown';

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
    <div class="table-wrap">
      <table class="cases stack-on-phone">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Next due</th>
            <th scope="col">Case</th>
            <th scope="col">Tier</th>
            <th scope="col">Type</th>
            <th scope="col">Status</th>
            <th scope="col">Marks</th>
            <th scope="col">
              <span class="visually-hidden">Links</span>
            </th>
          </tr>
        </thead>
        <tbody>
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
                  {facts && <div class="muted small clamp">{facts.summary}</div>}
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
        </tbody>
      </table>
    </div>
  );
}
