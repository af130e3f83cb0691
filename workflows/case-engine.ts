/**
 * The case as a deterministic state machine: who may act (guard), the timeline, notifications and the
 * escalation ladder, the effects the case asks for (outbox), and the deadlines the workflow holds timers for.
 * The actions themselves live beside it (lifecycle.ts, compensation.ts, third-party-answers.ts, wired in
 * action-handlers.ts). No I/O here: effects go to the outbox, which the workflow shell drains through activities.
 */
import type { EngineContext } from './case-context';
import { personLabel } from './case-opening';
import type { CaseState } from './case-state';
import { collectionRecheckDeadlines } from './collection-recheck';
import * as compensation from './compensation';
import * as recovery from './recovery';
import type { CaseTypeModule } from './case-types/case-type';
import type { Deadline } from './deadline';
import type { EdgeOutcome } from './edge-calls';
import {
  FINAL_STATUSES,
  MAX_ESCALATION_LEVEL,
  OPEN_STATUSES,
  type Actor,
  type CaseStatus,
  type CaseView,
  type Person,
} from './domain';
import { REJECTIONS } from './messages';
import { isLaterTry } from './later-tries';
import { noticeRetryDeadlines } from './notice-retries';
import type { Notice, NotifyTrigger, OwnerChange } from './notices';
import type { OpenCaseInput } from './open-case-input';
import type { EdgeCall, Saga, SagaStep } from './saga';
import { recheckDeadlines } from './saga-recheck';
import {
  actorMayAct,
  mayReadCase,
  roleMayAct,
  unknownCaseMessage,
  whoMayAct,
  type CaseAction,
} from './permissions';
import { forbidden, invalidTransition, reject } from './rejection';
import { setAside } from './set-aside-windows';
import { endResolutionPause, isWarning, slaDeadlines, SPENT } from './sla-clocks';
import { humanDuration, iso, ms } from './time';
import { CURRENT_VERSIONS, type Versions } from './versions';

export class CaseEngine implements EngineContext {
  constructor(
    readonly state: CaseState,
    readonly caseType: CaseTypeModule,
    readonly versions: Versions = CURRENT_VERSIONS,
  ) {}

  /** Set by the workflow while a person's action applies (case-workflow.ts). */
  acting: Actor | undefined = undefined;

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

  /** Resolves the case (by a person or by the case type's own decision) and opens the follow-up window. */
  markResolved(code: string, summary: string, actor: string): void {
    // A resolution by the case type (a visa granted) can come while the case waits on the member.
    endResolutionPause(this);
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

  onStepChanged(saga: Saga, s: SagaStep, change: Exclude<SagaStep['status'], 'pending'>): void {
    if (change === 'done' || change === 'undone') compensation.onStepChanged(this, saga, s, change);
    const verb = {
      done: 'done',
      undone: 'undone',
      failed: 'failed for good',
      unconfirmed: 'got no answer, even asked again: whether it was done is unknown',
      undo_failed: 'could not be undone',
    }[change];
    const undoing = change === 'undone' || change === 'undo_failed';
    this.record(
      `saga_step_${change}`,
      'system',
      `${saga.title}: ${undoing ? (s.undo?.name ?? s.name) : s.name} ${verb}${s.error && change !== 'done' && change !== 'undone' ? `: ${s.error}` : ''}${s.reference && change === 'done' ? ` (${s.reference})` : ''}`,
    );
  }

  onSagaFinished(saga: Saga): void {
    compensation.onSagaFinished(this, saga);
    this.caseType.onSagaFinished?.(this, saga);
  }

  onEdgeResult(purpose: string, outcome: EdgeOutcome, call: EdgeCall): void {
    if (purpose.startsWith(recovery.RECOVERY)) {
      recovery.collectionResult(this, purpose.slice(recovery.RECOVERY.length), outcome, call);
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
    this.record(
      'escalated',
      actor,
      `escalated to level ${level}, now owned by ${personLabel(owner)}: ${reason}`,
    );
    this.notify(owner, notice?.told ?? reason, 'escalation', notice);
    return true;
  }

  /** Owed a notification: a new owner, an SLA about to breach, or an approver with a proposal waiting. */
  notify(owner: Person, reason: string, trigger: NotifyTrigger, notice: Notice = {}): void {
    const change: OwnerChange = {
      key: `${this.view.id}/owner/${this.view.timeline.length}${notice.keySuffix ?? ''}`,
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
    list.push(...recheckDeadlines(this), ...collectionRecheckDeadlines(this), ...noticeRetryDeadlines(this));
    // A type's windows act only on a case still being worked: not once it is resolved or has ended.
    if (OPEN_STATUSES.includes(v.status)) list.push(...(this.caseType.deadlines?.(this) ?? []));
    return list;
  }

  /** Acts on every deadline due by `until` (now); returns whether any fired. */
  fireDueDeadlines(until = this.now()): boolean {
    let fired = false;
    for (let due = this.nextDue(until); due !== undefined; due = this.nextDue(until)) {
      this.state.handledDeadlines[due.key] = due.dueAt;
      due.fire();
      fired = true;
    }
    return fired;
  }

  /** Whether a deadline still to act on falls due after `from` and by `to`. */
  hasDeadlineDueBetween(from: number, to: number): boolean {
    return this.deadlines().some((d) => d.dueAt > from && d.dueAt <= to);
  }

  private nextDue(until: number): Deadline | undefined {
    return this.deadlines()
      .filter((d) => d.dueAt <= until)
      .sort((a, b) => a.dueAt - b.dueAt)[0];
  }

  private close(): void {
    recovery.settleRecoveries(this, 'the follow-up window ended before the merchant paid back');
    this.view.status = 'closed';
    this.view.closedAt = iso(this.now());
    this.record('closed', 'system', 'follow-up window ended; case closed');
  }

  /** The deadline that sets `nextDueAt`: what the case waits for next (the Temporal UI's current details). */
  owedNext: Deadline | undefined;

  /** Derived fields, recomputed after every change. */
  refreshDerived(): void {
    // Overdue deadlines count too, so the most overdue case leads its owner's queue. The follow-up window,
    // warnings, the system's own later tries (later-tries.ts) and windows set aside do not: nobody owes anything
    // by them.
    const owed = this.allDeadlines().filter(
      (d) => d.key !== 'follow-up' && !isWarning(d) && !isLaterTry(d) && !setAside(this, d),
    );
    this.owedNext = owed.reduce<Deadline | undefined>((a, d) => (a && a.dueAt <= d.dueAt ? a : d), undefined);
    this.view.nextDueAt = this.owedNext === undefined ? null : iso(this.owedNext.dueAt);
  }
}
