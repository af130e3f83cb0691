import { formatDuration, formatTime } from '../format';
import type { CaseView } from '../types';
import { Countdown, Time } from './Countdown';

function Callback({ sla, stopped }: { sla: CaseView['sla']['callback']; stopped: boolean }) {
  if (sla.metAt !== null) {
    return (
      <>
        met <Time at={sla.metAt} />
        {sla.breached && <span class="badge breached">Breached</span>}
      </>
    );
  }
  return (
    <>
      {stopped ? <span class="muted">stopped</span> : <Countdown due={sla.dueAt} none="no callback due" />}
      {sla.breached && <span class="badge breached">Breached</span>}
    </>
  );
}

function Resolution({ sla, closed }: { sla: CaseView['sla']['resolution']; closed: boolean }) {
  const paused = sla.pausedSince !== null;
  return (
    <>
      {closed ? (
        <span class="muted">stopped</span>
      ) : paused && sla.dueAt !== null ? (
        <span class="paused">
          paused since <Time at={sla.pausedSince!} />:{' '}
          {/* The case's own count (open time on a calendar tier); cases paused before it was kept: wall time. */}
          {formatDuration(sla.leftWhenPausedMs ?? Date.parse(sla.dueAt) - Date.parse(sla.pausedSince!))} left
          when it resumes
        </span>
      ) : (
        <Countdown due={sla.dueAt} none="starts with the callback" />
      )}
      {sla.breached && <span class="badge breached">Breached</span>}
      {sla.pausedMs > 0 && <span class="muted"> (paused {formatDuration(sla.pausedMs)} in all)</span>}
    </>
  );
}

/** The two SLA clocks: live countdowns, the pause while the case waits on the member, breaches marked. */
export function SlaClocks({ view }: { view: CaseView }) {
  const stopped = ['resolved', 'closed', 'cancelled'].includes(view.status);
  return (
    <section aria-labelledby="sla-title" class="card sla-card">
      <h2 id="sla-title">SLA clocks</h2>
      <dl class="facts">
        <div>
          <dt>Callback</dt>
          <dd>
            <Callback sla={view.sla.callback} stopped={stopped} />
            {view.sla.callback.dueAt && (
              <span class="muted small"> due {formatTime(view.sla.callback.dueAt)}</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Resolution</dt>
          <dd>
            <Resolution sla={view.sla.resolution} closed={stopped} />
          </dd>
        </div>
        {view.followUpEndsAt && (
          <div>
            <dt>Follow-up window</dt>
            <dd>
              <Countdown due={view.followUpEndsAt} />
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}
