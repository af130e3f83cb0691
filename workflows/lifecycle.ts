/**
 * The common lifecycle's actions (DOMAIN.md, "The case lifecycle"): each action's check (the update's
 * validator, through workflows/action-handlers.ts) and how it changes the case. Deterministic, no I/O: what
 * must happen outside goes to the outbox through the engine.
 */
import { deadlinesBeforeAction } from './action-time';
import { approversNow, askNewApprovers } from './approval-handover';
import { restartLadder } from './ladder-restart';
import { REOPEN_TELLS_OWNER_PATCH, WAIT_AS_SENT_PATCH } from './patches';
import { setAsidePassedWindows } from './set-aside-windows';
import type { CaseEngine } from './case-engine';
import { personLabel } from './case-opening';
import * as compensation from './compensation';
import { MAX_ESCALATION_LEVEL, OPEN_STATUSES, OPEN_WORK_STATUSES, type CaseStatus } from './domain';
import type {
  CallbackArgs,
  CancelArgs,
  EscalateArgs,
  NoteArgs,
  RateArgs,
  ReassignArgs,
  ReopenArgs,
  ResolveArgs,
  ResumeArgs,
  WaitArgs,
} from './messages';
import { invalidTransition } from './rejection';
import {
  endResolutionPause,
  openWindow,
  slaDueAfter,
  slaTimeBetween,
  slaTimeNote,
  SPENT,
} from './sla-clocks';
import { humanDuration, iso, ms } from './time';

export function checkCallback(engine: CaseEngine, a: CallbackArgs): void {
  engine.guard('callback', a.actor, ['awaiting_callback']);
}

export function callback(engine: CaseEngine, a: CallbackArgs): void {
  checkCallback(engine, a);
  // Met when the API sent it (action-time.ts; the worker's time unless that changes the outcome): a callback
  // sent in time is met in time, and the resolution commitment runs from then.
  const happened = deadlinesBeforeAction(engine, a);
  const { callback, resolution } = engine.view.sla;
  callback.metAt = iso(happened);
  if (callback.dueAt !== null && happened > ms(callback.dueAt)) callback.breached = true;
  resolution.dueAt = iso(
    slaDueAfter(engine.state.policy.tier, happened, engine.state.policy.tier.resolutionSlaMs),
  );
  engine.view.status = 'in_progress';
  engine.record(
    'callback',
    a.actor.id,
    `member reached${callback.breached ? ' (after the callback SLA)' : ''}; resolution due within ${humanDuration(engine.state.policy.tier.resolutionSlaMs)}${slaTimeNote(engine.state.policy.tier)}${a.note ? `: ${a.note}` : ''}`,
  );
  engine.caseType.onCallback?.(engine);
}

export function checkNote(engine: CaseEngine, a: NoteArgs): void {
  engine.guard('notes', a.actor, [...OPEN_STATUSES, 'resolved']);
}

export function note(engine: CaseEngine, a: NoteArgs): void {
  checkNote(engine, a);
  engine.record('note', a.actor.id, a.text);
}

export function checkWait(engine: CaseEngine, a: WaitArgs): void {
  engine.guard('wait', a.actor, OPEN_WORK_STATUSES);
  const target: CaseStatus = a.on === 'member' ? 'waiting_on_member' : 'waiting_on_third_party';
  if (engine.view.status === target) invalidTransition(`the case is already ${target}`);
}

export function wait(engine: CaseEngine, a: WaitArgs): void {
  checkWait(engine, a);
  endResolutionPause(engine);
  if (a.on === 'member') {
    engine.view.status = 'waiting_on_member';
    const r = engine.view.sla.resolution;
    // Paused when the API sent it, as a callback is met then (the version asked only where that differs).
    const sent = deadlinesBeforeAction(engine, a);
    const at = sent < engine.now() && engine.versions.has(WAIT_AS_SENT_PATCH) ? sent : engine.now();
    r.pausedSince = iso(at);
    if (r.dueAt !== null) r.leftWhenPausedMs = slaTimeBetween(engine.state.policy.tier, at, ms(r.dueAt));
    engine.record('waiting', a.actor.id, `waiting on the member (resolution clock paused): ${a.reason}`);
  } else {
    engine.view.status = 'waiting_on_third_party';
    engine.record('waiting', a.actor.id, `waiting on a third party (resolution clock runs): ${a.reason}`);
  }
}

/**
 * The update's check: who, when, and that the platform ends only a wait on the member. The platform may resume;
 * a case that waits on a third party is a state its resume does not apply to (409, as any other state): it relays
 * the member's answer, and the case is not waiting for one.
 */
export function checkResume(engine: CaseEngine, a: ResumeArgs): void {
  guardResume(engine, a);
  if (a.actor.role === 'system' && engine.view.status === 'waiting_on_third_party') {
    invalidTransition(
      "the case waits on a third party, not on the member: the platform resumes only a wait on the member (it relays the member's answer); " +
        "a third party's answer is recorded by the case's assignee or a supervisor (third-party-response, or resume)",
    );
  }
}

function guardResume(engine: CaseEngine, a: ResumeArgs): void {
  engine.guard('resume', a.actor, ['waiting_on_member', 'waiting_on_third_party']);
}

export function resume(engine: CaseEngine, a: ResumeArgs): void {
  // Not checkResume: histories hold resumes the platform sent on a third-party wait before it was refused, and
  // they must replay as they ran. The refusal lives in the update's validator only.
  guardResume(engine, a);
  const paused = endResolutionPause(engine);
  engine.view.status = 'in_progress';
  engine.record(
    'resumed',
    a.actor.id,
    `back in progress${paused > 0 ? `; resolution due moved by ${humanDuration(paused)} paused` : ''}${a.note ? `: ${a.note}` : ''}`,
  );
}

/**
 * Ends a pause of the resolution clock, moving its due time by the SLA time paused (open time of the tier's
 * calendar: a pause across a closed night costs only the open hours it covered). Returns the paused ms.
 */
export function checkEscalate(engine: CaseEngine, a: EscalateArgs): void {
  engine.guard('escalate', a.actor, OPEN_STATUSES);
  if (engine.view.escalationLevel >= MAX_ESCALATION_LEVEL) {
    invalidTransition(`the case is already at the top escalation level (${MAX_ESCALATION_LEVEL})`);
  }
}

export function escalate(engine: CaseEngine, a: EscalateArgs): void {
  checkEscalate(engine, a);
  // The reason is free text (personal data): the timeline keeps it, encrypted; the webhook is told who asked.
  engine.climb(`requested by ${a.actor.id}: ${a.reason}`, a.actor.id, { told: `requested by ${a.actor.id}` });
}

export function checkReassign(engine: CaseEngine, a: ReassignArgs): void {
  engine.guard('reassign', a.actor, OPEN_STATUSES);
  if (a.manager.id === engine.view.assignee.id)
    invalidTransition(`the case is already assigned to ${a.manager.id}`);
}

export function reassign(engine: CaseEngine, a: ReassignArgs): void {
  checkReassign(engine, a);
  const from = engine.view.assignee;
  const approvers = approversNow(engine);
  engine.view.manager = a.manager;
  engine.view.assignee = a.manager;
  engine.state.ladder = a.ladder;
  const restarted = restartLadder(engine);
  engine.record(
    'reassigned',
    a.actor.id,
    `reassigned from ${personLabel(from)} to ${personLabel(a.manager)}: ${a.reason}${restarted}`,
  );
  engine.notify(a.manager, `reassigned by ${a.actor.id}`, 'reassignment');
  askNewApprovers(engine, approvers);
}

export function checkResolve(engine: CaseEngine, a: ResolveArgs): void {
  checkResolveApplies(engine, a);
  // Validator-only (case-type.ts): the type's own conditions came after recorded histories.
  engine.caseType.checkResolve?.(engine);
}

/** What the handler checks again before resolving: what it checked when the first histories were recorded. */
function checkResolveApplies(engine: CaseEngine, a: ResolveArgs): void {
  engine.guard('resolve', a.actor, OPEN_WORK_STATUSES);
  compensation.checkNothingOutstanding(engine);
}

export function resolve(engine: CaseEngine, a: ResolveArgs): void {
  checkResolveApplies(engine, a);
  // Late or not as the API sent it (action-time.ts), like the callback.
  const happened = deadlinesBeforeAction(engine, a);
  endResolutionPause(engine);
  const resolution = engine.view.sla.resolution;
  if (resolution.dueAt !== null && happened > ms(resolution.dueAt)) resolution.breached = true;
  engine.markResolved(a.code, a.summary, a.actor.id);
}

export function checkReopen(engine: CaseEngine, a: ReopenArgs): void {
  engine.guard('reopen', a.actor, ['resolved']);
}

export function reopen(engine: CaseEngine, a: ReopenArgs): void {
  checkReopen(engine, a);
  const now = engine.now();
  const resolution = engine.view.sla.resolution;
  resolution.dueAt = iso(
    slaDueAfter(engine.state.policy.tier, now, engine.state.policy.tier.resolutionSlaMs),
  );
  resolution.pausedMs = 0;
  resolution.pausedSince = null;
  delete resolution.leftWhenPausedMs;
  delete engine.state.handledDeadlines[`resolution${SPENT}`];
  openWindow(engine, 'resolution');
  engine.view.status = 'in_progress';
  engine.view.resolution = null;
  engine.view.followUpEndsAt = null;
  engine.record(
    'reopened',
    a.actor.id,
    `reopened: ${a.reason}; fresh resolution clock of ${humanDuration(engine.state.policy.tier.resolutionSlaMs)}${slaTimeNote(engine.state.policy.tier)}`,
  );
  setAsidePassedWindows(engine, engine.caseType.deadlines?.(engine) ?? [], now);
  if (engine.versions.has(REOPEN_TELLS_OWNER_PATCH)) {
    engine.notify(engine.view.assignee, `reopened by ${a.actor.id}`, 'assigned', {
      sla: { clock: 'resolution', dueAt: resolution.dueAt },
    });
  }
}

export function checkRate(engine: CaseEngine, a: RateArgs): void {
  engine.guard('rate', a.actor, ['resolved']);
  if (engine.view.rating !== null) invalidTransition('the member has already rated this case');
}

export function rate(engine: CaseEngine, a: RateArgs): void {
  checkRate(engine, a);
  engine.view.rating = { score: a.score, comment: a.comment ?? null, at: iso(engine.now()) };
  engine.record(
    'rated',
    a.actor.id,
    `member rated the service ${a.score}/5${a.comment ? `: ${a.comment}` : ''}`,
  );
}

export function checkCancel(engine: CaseEngine, a: CancelArgs): void {
  engine.guard('cancel', a.actor, OPEN_STATUSES);
}

export function cancel(engine: CaseEngine, a: CancelArgs): void {
  checkCancel(engine, a);
  endResolutionPause(engine);
  compensation.abortOutstanding(engine, a.actor.id);
  engine.caseType.onCancel?.(engine, a.actor.id);
  engine.view.status = 'cancelled';
  engine.view.closedAt = iso(engine.now());
  engine.record('cancelled', a.actor.id, `cancelled: ${a.reason}`);
}
