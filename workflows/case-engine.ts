/**
 * The case lifecycle as a deterministic state machine: every action checks, then changes the state and the
 * timeline; deadlines say which timers the workflow must hold. No I/O here: effects go to the outbox, which
 * the workflow shell drains through activities.
 */
import type { CaseContext, Notice } from './case-context';
import type { CaseState, NotifyTrigger, OwnerChange } from './case-state';
import * as compensation from './compensation';
import type { CaseTypeModule, Deadline } from './case-types/case-type';
import {
  FINAL_STATUSES,
  MAX_ESCALATION_LEVEL,
  type Actor,
  type CaseStatus,
  type CaseView,
  type Person,
  type ThirdParty,
  type ThirdPartyOutcome,
} from './domain';
import { REJECTIONS } from './messages';
import type {
  ApproveCompensationArgs,
  CallbackArgs,
  CancelArgs,
  EscalateArgs,
  NoteArgs,
  OpenCaseInput,
  ProposeCompensationArgs,
  RateArgs,
  ReassignArgs,
  RejectCompensationArgs,
  ReopenArgs,
  ResolveArgs,
  ResumeArgs,
  ThirdPartyResponseArgs,
  WaitArgs,
} from './messages';
import type { EdgeCall, Saga, SagaStep } from './saga';
import {
  actorMayAct,
  mayReadCase,
  roleMayAct,
  unknownCaseMessage,
  whoMayAct,
  type CaseAction,
} from './permissions';
import { forbidden, invalidTransition, reject } from './rejection';
import {
  isWarning,
  openWindow,
  OPEN_WORK,
  slaDeadlines,
  slaDueAfter,
  slaTimeBetween,
  slaTimeNote,
  SPENT,
} from './sla-clocks';
import { humanDuration, iso, ms } from './time';
import { CURRENT_VERSIONS, type Versions } from './versions';

/** Own bound on a run's history, well below the server's limits, so long-lived cases stay cheap to replay. */
export const HISTORY_EVENTS_PER_RUN = 5_000;

const OUTCOMES: Record<ThirdParty, readonly ThirdPartyOutcome[]> = {
  merchant: ['accepted', 'refused'],
  carrier: ['found', 'lost'],
  consulate: ['approved', 'denied'],
};

export { OPEN_WORK };
export const NOT_ENDED: readonly CaseStatus[] = ['awaiting_callback', ...OPEN_WORK];

export function openCase(input: OpenCaseInput, now: number): CaseState {
  const callbackDue = slaDueAfter(input.policy.tier, now, input.policy.tier.callbackSlaMs);
  const view: CaseView = {
    id: input.id,
    type: input.type,
    status: 'awaiting_callback',
    member: input.member,
    summary: input.summary,
    details: input.details,
    openedAt: iso(now),
    openedBy: input.openedBy.id,
    assignee: input.manager,
    manager: input.manager,
    escalationLevel: 0,
    sla: {
      callback: { dueAt: iso(callbackDue), metAt: null, breached: false },
      resolution: { dueAt: null, pausedMs: 0, pausedSince: null, breached: false },
    },
    nextDueAt: iso(callbackDue),
    compensations: [],
    ledger: { paid: cny(0), recovered: cny(0), absorbed: cny(0), entries: [] },
    linkedCases: input.linkedCases ?? [],
    resolution: null,
    rating: null,
    followUpEndsAt: null,
    closedAt: null,
    timeline: [],
  };
  const state: CaseState = {
    view,
    policy: input.policy,
    openedByRole: input.openedBy.role,
    ladder: input.ladder,
    handledDeadlines: {},
    typeState: {},
    sagas: [],
    outbox: [],
    runCount: 1,
    historyEventsPerRun: input.historyEventsPerRun ?? HISTORY_EVENTS_PER_RUN,
    ...(input.recordBudgetBytes === undefined ? {} : { recordBudgetBytes: input.recordBudgetBytes }),
  };
  const entry = (kind: string, actor: string, text: string) =>
    view.timeline.push({ at: iso(now), kind, actor, text });
  entry('opened', input.openedBy.id, `${input.type} case opened: ${input.summary}`);
  entry(
    'assigned',
    'system',
    `assigned to dedicated manager ${label(input.manager)}; callback due within ${humanDuration(input.policy.tier.callbackSlaMs)}${slaTimeNote(input.policy.tier)}`,
  );
  return state;
}

export const cny = (amount: number) => ({ amount, currency: 'CNY' as const });
const label = (p: Person) => (p.alias ? `${p.alias} (${p.id})` : p.id);

export class CaseEngine implements CaseContext {
  constructor(
    readonly state: CaseState,
    readonly caseType: CaseTypeModule,
    readonly versions: Versions = CURRENT_VERSIONS,
  ) {}

  get view(): CaseView {
    return this.state.view;
  }

  get finished(): boolean {
    return FINAL_STATUSES.includes(this.view.status);
  }

  now(): number {
    return Date.now();
  }

  record(kind: string, actor: string, text: string): void {
    this.view.timeline.push({ at: iso(this.now()), kind, actor, text });
  }

  // ---------------------------------------------------------------- guards

  /**
   * Rejects an actor who may not take this action on this case, then a state that does not allow it. A manager
   * whose role may take the action on their own cases, but who may not even read this one, is answered as for
   * an unknown id; refusals never name the case's owner.
   */
  guard(action: CaseAction, actor: Actor, allowed: readonly CaseStatus[]): void {
    if (!actorMayAct(action, actor, this.view.assignee.id)) {
      if (roleMayAct(action, actor.role)) this.checkReader(actor);
      forbidden(
        `${actor.id} (${actor.role}) may not ${action} case ${this.view.id}: ${whoMayAct(action)} may`,
      );
    }
    if (!allowed.includes(this.view.status)) {
      invalidTransition(`cannot ${action} a case that is ${this.view.status}`);
    }
  }

  /** Rejects a caller who may not read the case as if the case did not exist (permissions.ts, mayReadCase). */
  checkReader(actor: Actor): void {
    if (!mayReadCase(actor, this.view)) reject(REJECTIONS.notFound, unknownCaseMessage(this.view.id));
  }

  // ---------------------------------------------------------------- common actions

  checkCallback(a: CallbackArgs): void {
    this.guard('callback', a.actor, ['awaiting_callback']);
  }

  callback(a: CallbackArgs): void {
    this.checkCallback(a);
    const now = this.now();
    const { callback, resolution } = this.view.sla;
    callback.metAt = iso(now);
    if (callback.dueAt !== null && now > ms(callback.dueAt)) callback.breached = true;
    resolution.dueAt = iso(slaDueAfter(this.state.policy.tier, now, this.state.policy.tier.resolutionSlaMs));
    this.view.status = 'in_progress';
    this.record(
      'callback',
      a.actor.id,
      `member reached${callback.breached ? ' (after the callback SLA)' : ''}; resolution due within ${humanDuration(this.state.policy.tier.resolutionSlaMs)}${slaTimeNote(this.state.policy.tier)}${a.note ? `: ${a.note}` : ''}`,
    );
    this.caseType.onCallback?.(this);
  }

  checkNote(a: NoteArgs): void {
    this.guard('notes', a.actor, [...NOT_ENDED, 'resolved']);
  }

  note(a: NoteArgs): void {
    this.checkNote(a);
    this.record('note', a.actor.id, a.text);
  }

  checkWait(a: WaitArgs): void {
    this.guard('wait', a.actor, OPEN_WORK);
    const target: CaseStatus = a.on === 'member' ? 'waiting_on_member' : 'waiting_on_third_party';
    if (this.view.status === target) invalidTransition(`the case is already ${target}`);
  }

  wait(a: WaitArgs): void {
    this.checkWait(a);
    this.endPause();
    if (a.on === 'member') {
      this.view.status = 'waiting_on_member';
      this.view.sla.resolution.pausedSince = iso(this.now());
      this.record('waiting', a.actor.id, `waiting on the member (resolution clock paused): ${a.reason}`);
    } else {
      this.view.status = 'waiting_on_third_party';
      this.record('waiting', a.actor.id, `waiting on a third party (resolution clock runs): ${a.reason}`);
    }
  }

  /** The update's check: who, when, and that the platform ends only a wait on the member. */
  checkResume(a: ResumeArgs): void {
    this.guardResume(a);
    if (a.actor.role === 'system' && this.view.status === 'waiting_on_third_party') {
      forbidden(
        "the platform resumes only a wait on the member (it relays the member's answer); a third party's answer " +
          "is recorded by the case's assignee or a supervisor (third-party-response, or resume)",
      );
    }
  }

  private guardResume(a: ResumeArgs): void {
    this.guard('resume', a.actor, ['waiting_on_member', 'waiting_on_third_party']);
  }

  resume(a: ResumeArgs): void {
    // Not checkResume: histories hold resumes the platform sent on a third-party wait before it was refused, and
    // they must replay as they ran. The refusal lives in the update's validator only.
    this.guardResume(a);
    const paused = this.endPause();
    this.view.status = 'in_progress';
    this.record(
      'resumed',
      a.actor.id,
      `back in progress${paused > 0 ? `; resolution due moved by ${humanDuration(paused)} paused` : ''}${a.note ? `: ${a.note}` : ''}`,
    );
  }

  /**
   * Ends a pause of the resolution clock, moving its due time by the SLA time paused (open time of the tier's
   * calendar: a pause across a closed night costs only the open hours it covered). Returns the paused ms.
   */
  private endPause(): number {
    const r = this.view.sla.resolution;
    if (r.pausedSince === null) return 0;
    const tier = this.state.policy.tier;
    const paused = slaTimeBetween(tier, ms(r.pausedSince), this.now());
    r.pausedMs += paused;
    if (r.dueAt !== null) r.dueAt = iso(slaDueAfter(tier, ms(r.dueAt), paused));
    r.pausedSince = null;
    return paused;
  }

  checkEscalate(a: EscalateArgs): void {
    this.guard('escalate', a.actor, NOT_ENDED);
    if (this.view.escalationLevel >= MAX_ESCALATION_LEVEL) {
      invalidTransition(`the case is already at the top escalation level (${MAX_ESCALATION_LEVEL})`);
    }
  }

  escalate(a: EscalateArgs): void {
    this.checkEscalate(a);
    this.climb(`requested by ${a.actor.id}: ${a.reason}`, a.actor.id);
  }

  checkReassign(a: ReassignArgs): void {
    this.guard('reassign', a.actor, NOT_ENDED);
    if (a.manager.id === this.view.assignee.id)
      invalidTransition(`the case is already assigned to ${a.manager.id}`);
  }

  reassign(a: ReassignArgs): void {
    this.checkReassign(a);
    const from = this.view.assignee;
    this.view.manager = a.manager;
    this.view.assignee = a.manager;
    this.state.ladder = a.ladder;
    this.record(
      'reassigned',
      a.actor.id,
      `reassigned from ${label(from)} to ${label(a.manager)}: ${a.reason}`,
    );
    this.notify(a.manager, `reassigned by ${a.actor.id}: ${a.reason}`, 'reassignment');
  }

  checkResolve(a: ResolveArgs): void {
    this.guard('resolve', a.actor, OPEN_WORK);
    compensation.checkNothingOutstanding(this);
    this.caseType.checkResolve?.(this);
  }

  resolve(a: ResolveArgs): void {
    this.checkResolve(a);
    this.endPause();
    const now = this.now();
    const resolution = this.view.sla.resolution;
    if (resolution.dueAt !== null && now > ms(resolution.dueAt)) resolution.breached = true;
    this.markResolved(a.code, a.summary, a.actor.id);
  }

  /** Resolves the case (by a person or by the case type's own decision) and opens the follow-up window. */
  markResolved(code: string, summary: string, actor: string): void {
    const now = this.now();
    this.view.status = 'resolved';
    this.view.resolution = { code, summary, resolvedAt: iso(now), resolvedBy: actor };
    this.view.followUpEndsAt = iso(now + this.state.policy.followUpWindowMs);
    this.record(
      'resolved',
      actor,
      `resolved (${code}): ${summary}; follow-up window open for ${humanDuration(this.state.policy.followUpWindowMs)}`,
    );
  }

  checkReopen(a: ReopenArgs): void {
    this.guard('reopen', a.actor, ['resolved']);
  }

  reopen(a: ReopenArgs): void {
    this.checkReopen(a);
    const now = this.now();
    const resolution = this.view.sla.resolution;
    resolution.dueAt = iso(slaDueAfter(this.state.policy.tier, now, this.state.policy.tier.resolutionSlaMs));
    resolution.pausedMs = 0;
    resolution.pausedSince = null;
    delete this.state.handledDeadlines[`resolution${SPENT}`];
    openWindow(this, 'resolution');
    this.view.status = 'in_progress';
    this.view.resolution = null;
    this.view.followUpEndsAt = null;
    this.record(
      'reopened',
      a.actor.id,
      `reopened: ${a.reason}; fresh resolution clock of ${humanDuration(this.state.policy.tier.resolutionSlaMs)}${slaTimeNote(this.state.policy.tier)}`,
    );
  }

  checkRate(a: RateArgs): void {
    this.guard('rate', a.actor, ['resolved']);
    if (this.view.rating !== null) invalidTransition('the member has already rated this case');
  }

  rate(a: RateArgs): void {
    this.checkRate(a);
    this.view.rating = { score: a.score, comment: a.comment ?? null, at: iso(this.now()) };
    this.record(
      'rated',
      a.actor.id,
      `member rated the service ${a.score}/5${a.comment ? `: ${a.comment}` : ''}`,
    );
  }

  checkCancel(a: CancelArgs): void {
    this.guard('cancel', a.actor, NOT_ENDED);
  }

  cancel(a: CancelArgs): void {
    this.checkCancel(a);
    this.endPause();
    compensation.abortOutstanding(this, a.actor.id);
    this.caseType.onCancel?.(this, a.actor.id);
    this.view.status = 'cancelled';
    this.view.closedAt = iso(this.now());
    this.record('cancelled', a.actor.id, `cancelled: ${a.reason}`);
  }

  // ---------------------------------------------------------------- third parties and compensation

  checkThirdPartyResponse(a: ThirdPartyResponseArgs): void {
    this.guard('third-party-response', a.actor, [...NOT_ENDED, 'resolved']);
    if (!OUTCOMES[a.party].includes(a.outcome)) {
      reject(
        REJECTIONS.validationFailed,
        `a ${a.party} answers ${OUTCOMES[a.party].join(' or ')}, not ${a.outcome}`,
      );
    }
    if (this.caseType.expectsResponse?.(this, a)) return;
    if (a.party === 'merchant' && compensation.awaitingRecovery(this).length > 0) return;
    invalidTransition(`no ${a.party} response is expected on this ${this.view.type} case now`);
  }

  thirdPartyResponse(a: ThirdPartyResponseArgs): void {
    this.checkThirdPartyResponse(a);
    this.record(
      'third_party_response',
      a.actor.id,
      `${a.party} answered: ${a.outcome}${a.note ? ` (${a.note})` : ''}`,
    );
    if (this.caseType.expectsResponse?.(this, a)) this.caseType.applyThirdPartyResponse?.(this, a);
    else compensation.merchantRecoveryAnswer(this, a.outcome === 'accepted', a.actor.id);
  }

  checkPropose(a: ProposeCompensationArgs): void {
    compensation.checkPropose(this, a);
  }

  /** Returns the new compensation's id. */
  propose(a: ProposeCompensationArgs): string {
    this.checkPropose(a);
    return compensation.propose(this, a.kind, a.amount, a.reason, a.actor.id);
  }

  checkApprove(a: ApproveCompensationArgs): void {
    compensation.checkApprove(this, a);
  }

  approve(a: ApproveCompensationArgs): void {
    compensation.approve(this, a);
  }

  checkReject(a: RejectCompensationArgs): void {
    compensation.checkReject(this, a);
  }

  reject(a: RejectCompensationArgs): void {
    compensation.rejectProposal(this, a);
  }

  /** Sets the member status back to work once a third party's wait is over. */
  thirdPartyWaitOver(): void {
    if (this.view.status === 'waiting_on_third_party') this.view.status = 'in_progress';
  }

  // ---------------------------------------------------------------- effects

  startSaga(saga: Saga): void {
    this.state.sagas.push(saga);
    this.state.outbox.push({ kind: 'saga', sagaId: saga.id });
  }

  saga(id: string): Saga {
    const saga = this.state.sagas.find((s) => s.id === id);
    if (!saga) throw new Error(`no saga ${id}`);
    return saga;
  }

  requestEdgeCall(call: EdgeCall, purpose: string): void {
    this.state.outbox.push({ kind: 'edge', call, purpose });
  }

  openLinkedCase(input: OpenCaseInput, relation: string): void {
    this.view.linkedCases.push({ id: input.id, type: input.type, relation });
    this.state.outbox.push({ kind: 'open_linked_case', input });
    this.record('linked_case_opened', 'system', `opened linked ${input.type} case ${input.id}`);
  }

  onStepChanged(saga: Saga, s: SagaStep, change: 'done' | 'undone' | 'failed' | 'undo_failed'): void {
    if (change === 'done' || change === 'undone') compensation.onStepChanged(this, saga, s, change);
    const verb = {
      done: 'done',
      undone: 'undone',
      failed: 'failed for good',
      undo_failed: 'could not be undone',
    }[change];
    this.record(
      `saga_step_${change}`,
      'system',
      `${saga.title}: ${change === 'undone' || change === 'undo_failed' ? (s.undo?.name ?? s.name) : s.name} ${verb}${s.error && (change === 'failed' || change === 'undo_failed') ? `: ${s.error}` : ''}${s.reference && change === 'done' ? ` (${s.reference})` : ''}`,
    );
  }

  onSagaFinished(saga: Saga): void {
    compensation.onSagaFinished(this, saga);
    this.caseType.onSagaFinished?.(this, saga);
  }

  onEdgeResult(purpose: string, outcome: { reference: string } | { error: string }, call: EdgeCall): void {
    if (purpose.startsWith(compensation.RECOVERY)) {
      compensation.collectionResult(this, purpose.slice(compensation.RECOVERY.length), outcome);
      return;
    }
    if ('error' in outcome) {
      this.record('edge_failed', 'system', `${call.name} failed for good: ${outcome.error}`);
    } else {
      this.record('edge_done', 'system', `${call.name} (${outcome.reference})`);
    }
    this.caseType.onEdgeResult?.(this, purpose, outcome);
  }

  /** Tells the dedicated manager a case was opened for them, with the callback's due time. */
  announceAssignment(): void {
    const dueAt = this.view.sla.callback.dueAt;
    this.notify(
      this.view.assignee,
      `a ${this.view.type} case was opened for you`,
      'assigned',
      dueAt === null ? {} : { sla: { clock: 'callback', dueAt } },
    );
  }

  // ---------------------------------------------------------------- escalation

  /** Who approves spend on this case: the dedicated manager's supervisor (the ladder's level 2). */
  approver(): Person {
    return this.state.ladder[2] ?? this.state.ladder[this.state.ladder.length - 1] ?? this.view.assignee;
  }

  /** Climbs one level, hands the case to that level's owner and notifies them. False at the top. */
  climb(reason: string, actor: string, notice?: Notice): boolean {
    if (this.view.escalationLevel >= MAX_ESCALATION_LEVEL) return false;
    const level = this.view.escalationLevel + 1;
    const owner =
      this.state.ladder[level] ?? this.state.ladder[this.state.ladder.length - 1] ?? this.view.assignee;
    this.view.escalationLevel = level;
    this.view.assignee = owner;
    this.record('escalated', actor, `escalated to level ${level}, now owned by ${label(owner)}: ${reason}`);
    this.notify(owner, reason, 'escalation', notice);
    return true;
  }

  /** Owed a notification: a new owner, an SLA about to breach, or an approver with a proposal waiting. */
  notify(owner: Person, reason: string, trigger: NotifyTrigger, notice: Notice = {}): void {
    const change: OwnerChange = {
      key: `${this.view.id}/owner/${this.view.timeline.length}`,
      owner,
      escalationLevel: this.view.escalationLevel,
      reason,
      trigger,
      ...(notice.breach ? { breach: notice.breach } : {}),
      ...(notice.sla ? { sla: notice.sla } : {}),
    };
    this.state.outbox.push({ kind: 'notify', change });
  }

  // ---------------------------------------------------------------- deadlines

  /** The deadlines still to act on; the workflow keeps one durable timer per entry. */
  deadlines(): Deadline[] {
    return this.allDeadlines().filter(
      (d) =>
        this.state.handledDeadlines[d.key] !== d.dueAt && !this.state.handledDeadlines[`${d.key}${SPENT}`],
    );
  }

  /** Every deadline the case holds, including those already acted on (an overdue SLA at the top level). */
  private allDeadlines(): Deadline[] {
    const v = this.view;
    const list: Deadline[] = [];
    list.push(...slaDeadlines(this));
    if (v.status === 'resolved' && v.followUpEndsAt !== null) {
      list.push({
        key: 'follow-up',
        dueAt: ms(v.followUpEndsAt),
        summary: `follow-up window ${humanDuration(this.state.policy.followUpWindowMs)}`,
        fire: () => this.close(),
      });
    }
    list.push(...compensation.approvalDeadlines(this));
    // A type's windows act only on a case still being worked: not once it is resolved or has ended.
    if (NOT_ENDED.includes(v.status)) list.push(...(this.caseType.deadlines?.(this) ?? []));
    return list;
  }

  /** Acts on every deadline that is due; returns whether any fired. */
  fireDueDeadlines(): boolean {
    let fired = false;
    for (let due = this.nextDue(); due !== undefined; due = this.nextDue()) {
      this.state.handledDeadlines[due.key] = due.dueAt;
      due.fire();
      fired = true;
    }
    return fired;
  }

  private nextDue(): Deadline | undefined {
    const now = this.now();
    return this.deadlines()
      .filter((d) => d.dueAt <= now)
      .sort((a, b) => a.dueAt - b.dueAt)[0];
  }

  private close(): void {
    compensation.settleRecoveries(this, 'the follow-up window ended before the merchant paid back');
    this.view.status = 'closed';
    this.view.closedAt = iso(this.now());
    this.record('closed', 'system', 'follow-up window ended; case closed');
  }

  /** Derived fields, recomputed after every change. */
  refreshDerived(): void {
    // Overdue deadlines count too, so the most overdue case leads its owner's queue.
    const owed = this.allDeadlines().filter((d) => d.key !== 'follow-up' && !isWarning(d));
    const soonest = owed.length ? Math.min(...owed.map((d) => d.dueAt)) : null;
    this.view.nextDueAt = soonest === null ? null : iso(soonest);
  }
}
