import { DATE_ONLY, formatDate, formatDayIn, formatMoney, formatTime, label } from '../format';
import { useSession } from '../session-context';
import type { CaseView, Money } from '../types';
import { TierBadge } from './Badges';

const isMoney = (v: unknown): v is Money =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Money).amount === 'number' &&
  (v as Money).currency === 'CNY';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * A detail value as read: money in yuan, a calendar date as that date, an instant in the browser's time zone
 * (named), lists and objects spelled out.
 */
function Value({ value, isDate = false }: { value: unknown; isDate?: boolean }) {
  const { me } = useSession();
  if (isMoney(value)) return <>{formatMoney(value)}</>;
  if (typeof value === 'string' && DATE_ONLY.test(value))
    return <time dateTime={value}>{formatDate(value)}</time>;
  if (typeof value === 'string' && ISO_TIME.test(value)) {
    // A date the API placed at the start of its day in the policy's zone (a `…Date` detail): that day, not an hour.
    const day = isDate && me.dateTimeZone ? formatDayIn(value, me.dateTimeZone) : undefined;
    return <time dateTime={value}>{day ?? formatTime(value)}</time>;
  }
  if (Array.isArray(value)) {
    return (
      <ul class="plain">
        {value.map((item, i) => (
          <li key={i}>
            <Value value={item} />
          </li>
        ))}
      </ul>
    );
  }
  if (typeof value === 'object' && value !== null)
    return <Details details={value as Record<string, unknown>} />;
  // Codes such as missing_part read as words; ids and free text stay as they are.
  if (typeof value === 'string') return <>{/^[a-z]+(?:_[a-z]+)+$/.test(value) ? label(value) : value}</>;
  return <>{String(value)}</>;
}

function Details({ details }: { details: Record<string, unknown> }) {
  return (
    <dl class="facts">
      {Object.entries(details).map(([key, value]) => (
        <div key={key}>
          <dt>{label(key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())}</dt>
          <dd>
            <Value value={value} isDate={/Date$/.test(key)} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The member (a principal who may read the case may see their name) and what the case is about. */
export function CaseFacts({ view }: { view: CaseView }) {
  const m = view.member;
  return (
    <section aria-labelledby="facts-title" class="card">
      <h2 id="facts-title">Member and details</h2>
      <dl class="facts">
        <div>
          <dt>Member</dt>
          <dd>
            {m.name} <code>{m.id}</code> <TierBadge tier={m.tier} />
          </dd>
        </div>
        <div>
          <dt>Credit</dt>
          <dd>{label(m.credit)}</dd>
        </div>
        <div>
          <dt>Dedicated manager</dt>
          <dd>{view.manager.alias ?? view.manager.id}</dd>
        </div>
        <div>
          <dt>Summary</dt>
          <dd>{view.summary}</dd>
        </div>
        <div>
          <dt>Opened</dt>
          <dd>
            <time dateTime={view.openedAt}>{formatTime(view.openedAt)}</time> by {view.openedBy}
          </dd>
        </div>
      </dl>
      <h3>{label(view.type)} details</h3>
      <Details details={view.details} />
      {view.resolution && (
        <>
          <h3>Resolution</h3>
          <p>
            <code>{view.resolution.code}</code> {view.resolution.summary} ({view.resolution.resolvedBy},{' '}
            <time dateTime={view.resolution.resolvedAt}>{formatTime(view.resolution.resolvedAt)}</time>)
          </p>
        </>
      )}
    </section>
  );
}
