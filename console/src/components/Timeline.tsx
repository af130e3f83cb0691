import { label } from '../format';
import type { CaseView } from '../types';
import { Time } from './Countdown';

/** The case's history, newest first. */
export function Timeline({ view }: { view: CaseView }) {
  const entries = [...view.timeline].reverse();
  return (
    <section aria-labelledby="timeline-title" class="card">
      <h2 id="timeline-title">Timeline</h2>
      <ol class="timeline" reversed>
        {entries.map((e, i) => (
          <li key={`${e.at}-${entries.length - i}`}>
            <div class="timeline-head">
              <span class="badge kind">{label(e.kind)}</span> <Time at={e.at} />{' '}
              <span class="muted">{e.actor}</span>
            </div>
            <p class="timeline-text">{e.text}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
