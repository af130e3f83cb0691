/**
 * Only the API decides who acts (DOMAIN.md, "Trust and segregation of duties"). The API's client seals every
 * input with the payload keys, for the case it is sent to; the worker's codec opens it and marks it (codec/).
 * What arrives unsealed was sent around the API (the Temporal CLI, the Web UI), what was sealed for another
 * case was copied from that case's history, and a sealed message the case already applied is a copy of it sent
 * again: all are refused here:
 * - an update: its validator rejects it (`forbidden`), so it changes nothing and leaves no trace in the history;
 *   validators do not run on replay, so histories recorded before sealing replay as they did;
 * - a start: the run ends at once with a non-retryable failure, before any timer or activity (sealed-start.ts).
 */
import { workflowInfo } from '@temporalio/workflow';
import { sealedFor, sealIdOf } from '../codec/sealed-payload-converter';
import type { SendStamp } from './action-args';
import type { CaseState } from './case-state';
import { forbidden } from './rejection';
import { RetriedUpdates } from './retried-updates';

export const NOT_THROUGH_THE_API = 'not sent through the API';

/** Whether the value was sealed (by the API or a worker) for this very case. */
export const sealedForThisCase = (value: unknown) => sealedFor(value) === workflowInfo().workflowId;

/** An update validator's first step: rejects arguments the API did not seal for this case. */
export function requireSealed(args: unknown): void {
  if (!sealedForThisCase(args)) {
    forbidden(`Refused: ${NOT_THROUGH_THE_API} (case actions are taken through the concierge API only)`);
  }
}

/** A workflow's first task holds its start event, the task's scheduling and its start: nothing else yet. */
const FIRST_TASK_HISTORY_LENGTH = 3;

/**
 * The `caseReady` update's validator. It has no arguments to seal: the API sends it only with the case's start,
 * so it rides in the first workflow task. Sent later (the CLI, the Web UI), it is refused and leaves no trace.
 */
export function requireWithTheStart(opening: boolean): void {
  // Not in the first task of a run that continued as new: it is as short, but no start came with it.
  if (!opening || workflowInfo().historyLength > FIRST_TASK_HISTORY_LENGTH) {
    forbidden(`Refused: ${NOT_THROUGH_THE_API} (caseReady comes with the case's start only)`);
  }
}

/** Seals remembered per case, the newest kept: about 35 bytes each in the case's record. */
export const APPLIED_SEALS_KEPT = 1_000;

/**
 * The seals of the messages the case accepted, with the time the API sent each, carried across continue-as-new. A
 * sealed update copied from the case's own history and sent again (the CLI, by someone who can read the history)
 * is refused, not applied twice, and so is one sent under another update's name (a note's arguments sent as
 * `cancel`). A message sent before the oldest seal the case remembers cannot be told apart from a copy of a
 * forgotten one: refused too. The API seals and stamps each request afresh (api/temporal/send-stamp.ts), so its
 * own retries and keyed repeats (applied-requests.ts) never collide. Stamps are compared with stamps, never with
 * the workflow's clock: the API's clock and the server's may differ.
 */
export class AppliedSeals {
  private readonly ids: Set<string>;
  private readonly retries: RetriedUpdates;

  constructor(private readonly state: CaseState) {
    this.retries = new RetriedUpdates(state);
    // Seals of unstamped messages (`appliedSeals`, from before stamps) need no memory: unstamped is refused.
    this.ids = new Set((state.stampedSeals ?? []).map(([id]) => id));
  }

  /**
   * An update validator's first step: one argument, sealed and stamped for this case and update, and not a copy,
   * unless it is the API's own call sent again after a continue-as-new (retried-updates.ts): then true, and it is
   * answered with the view, applying nothing.
   */
  require(
    updateName: string,
    args: unknown,
    updateId: string | undefined,
    extra: readonly unknown[],
  ): boolean {
    // The API sends one: a second argument would reach the handler as something it did not send.
    if (extra.length > 0) forbidden(`Refused: ${NOT_THROUGH_THE_API} (an action takes one argument)`);
    requireSealed(args);
    const stamp = stampOf(args);
    if (stamp === undefined || stamp.as !== updateName) {
      return forbidden(
        `Refused: ${NOT_THROUGH_THE_API} (not stamped by the API for the ${updateName} action)`,
      );
    }
    const retry = this.retries.isRetry(args, updateId);
    this.refuseCopy(args, () => !retry);
    const forgottenUpTo = this.state.sealsForgottenUpTo;
    if (forgottenUpTo !== undefined && stamp.at <= forgottenUpTo) {
      forbidden(
        `Refused: ${NOT_THROUGH_THE_API} (sent before the oldest of the ${APPLIED_SEALS_KEPT} newest messages this case remembers)`,
      );
    }
    return retry;
  }

  /** Whether `args`, sent as update `updateId`, is the API's own call sent again (retried-updates.ts). */
  isRetry(args: unknown, updateId: string | undefined): boolean {
    return this.retries.isRetry(args, updateId);
  }

  /** Remembers a message answered with the view (applied, or a keyed repeat), so the API's retry of it is too. */
  rememberAnswered(args: unknown, updateId: string | undefined): void {
    this.retries.remember(args, updateId);
  }

  /**
   * Refuses a message whose seal the case has remembered, a copy, when `refused()` says so: the validator's unless
   * it is a retry; a held action's (its validator ran before the actions held with it applied) behind a patch.
   */
  refuseCopy(args: unknown, refused: () => boolean): void {
    const id = sealIdOf(args);
    if (id !== undefined && this.ids.has(id) && refused())
      forbidden(`Refused: ${NOT_THROUGH_THE_API} (a copy of a message this case has already applied)`);
  }

  /** Records the seal of a message just accepted (histories from before sealing or stamping have none). */
  remember(args: unknown): void {
    const id = sealIdOf(args);
    const stamp = stampOf(args);
    if (id === undefined || stamp === undefined || this.ids.has(id)) return;
    const kept = (this.state.stampedSeals ??= []);
    kept.push([id, stamp.at]);
    this.ids.add(id);
    while (kept.length > APPLIED_SEALS_KEPT) {
      const [oldest, at] = kept.shift()!;
      this.ids.delete(oldest);
      this.state.sealsForgottenUpTo = Math.max(this.state.sealsForgottenUpTo ?? at, at);
    }
  }
}

function stampOf(args: unknown): SendStamp | undefined {
  const sent = (args as { sent?: Partial<SendStamp> } | null)?.sent;
  return typeof sent?.as === 'string' && typeof sent.at === 'number' && Number.isFinite(sent.at)
    ? { as: sent.as, at: sent.at }
    : undefined;
}
