/**
 * The API's one door to Temporal for cases: start, query, update, describe, list.
 * Every call carries a deadline so a missing Temporal answers 503 quickly instead of hanging a request.
 */
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateStage,
  type Client,
  type UpdateDefinition,
  type WorkflowUpdateHandle,
} from '@temporalio/client';
import type { Actor, CallerCaseView } from '../../workflows/domain';
import {
  caseViewForQuery,
  UPDATE_RESULT_TIMELINE_ENTRIES,
  type OpenCaseInput,
} from '../../workflows/messages';
import { mayReadCase } from '../../workflows/permissions';
import { idempotencyConflict, invalidTransition } from '../errors';
import { startCaseWorkflow, type StartCase, type StartMemo } from './case-start';
import { caseRunBehindRefusedStart, listPage, type ExecutionPage } from './case-visibility';
import { caseOpeningInput } from './case-opening-input';
import { listStore } from './list-store';

export type { ExecutionPage, ListedExecution } from './case-visibility';
import { stamped } from './send-stamp';
import type { CaseViewWithLinks } from '../schemas/case-view';
import {
  acceptedButUnreadable,
  caseNotOpened,
  fateUnknown,
  isUnreachable,
  openingUnconfirmed,
  unconfirmedAction,
} from './errors';

export interface CaseLinks {
  self: string;
  temporalUi: string;
}

export type { StartCase } from './case-start';

/**
 * Who opened the case: this request, or an earlier one with the same Idempotency-Key and body (then its
 * `requestedAt`, the time the case was opened at, when the case records it).
 */
export type OpenOutcome = { openedNow: true } | { openedNow: false; requestedAt: number | undefined };

/** An Idempotency-Key's case was opened with this body, or the request is a 409 idempotency_conflict. */
export function requireSameBody(memo: Partial<StartMemo>, requestHash: string): void {
  if (memo.requestHash !== requestHash) {
    throw idempotencyConflict('This Idempotency-Key already opened a case with a different body');
  }
}

function settle(c: StartCase, memo: Partial<StartMemo>): OpenOutcome {
  requireSameBody(memo, c.requestHash);
  const openedByThis =
    memo.openingId !== undefined
      ? memo.openingId === c.openingId
      : memo.requestedAt !== undefined && memo.requestedAt === c.input.requestedAt;
  if (openedByThis) return { openedNow: true };
  return { openedNow: false, requestedAt: memo.requestedAt };
}

export class CaseClient {
  constructor(
    readonly client: Client,
    readonly namespace: string,
    private readonly temporalUiUrl: string,
    private readonly callTimeoutMs: number,
  ) {}

  links(caseId: string): CaseLinks {
    const id = encodeURIComponent(caseId);
    return {
      self: `/v1/cases/${id}`,
      temporalUi: `${this.temporalUiUrl}/namespaces/${encodeURIComponent(this.namespace)}/workflows/${id}`,
    };
  }

  withLinks(view: CallerCaseView): CaseViewWithLinks {
    return { ...view, links: this.links(view.id) };
  }

  private withDeadline<T>(fn: () => Promise<T>): Promise<T> {
    return this.client.withDeadline(Date.now() + this.callTimeoutMs, fn);
  }

  /** Starts the case workflow (case-start.ts); throws WorkflowExecutionAlreadyStartedError when the id is taken. */
  async start(c: StartCase): Promise<void> {
    await startCaseWorkflow(this.client, c, Date.now() + this.callTimeoutMs);
  }

  /**
   * Opens a case: starts its workflow and settles who opened it, whatever happens to the answer. A start whose
   * fate is unknown (a deadline, a cancelled call, a connection dropped after sending) is settled by describing
   * the id: started with this request's memo -> opened now; not there -> started again (Temporal lets one start
   * win). Throws 409 idempotency_conflict when the id (from an Idempotency-Key) was opened with another body,
   * a 503 saying the case was NOT opened when it surely was not, and a 503 saying the opening is unconfirmed when
   * Temporal cannot tell.
   */
  async open(c: StartCase, keyed: boolean): Promise<OpenOutcome> {
    try {
      await this.start(c);
      return { openedNow: true };
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return this.openedBy(c, keyed);
      if (!fateUnknown(err)) throw isUnreachable(err) ? caseNotOpened('Temporal cannot be reached') : err;
    }
    for (let round = 0; round < 2; round += 1) {
      const memo = await this.describeOpening(c.input.id, keyed);
      if (memo !== undefined) return settle(c, memo);
      try {
        await this.start(c);
        return { openedNow: true };
      } catch (err) {
        // The first start landed meanwhile, or this one's fate is unknown too: describe again.
        if (err instanceof WorkflowExecutionAlreadyStartedError || fateUnknown(err)) continue;
        throw isUnreachable(err) ? caseNotOpened('Temporal cannot be reached') : err;
      }
    }
    throw openingUnconfirmed(c.input.id, keyed);
  }

  /** The id is taken: by this very request (a start that landed), by an earlier one, or by another body. */
  private async openedBy(c: StartCase, keyed: boolean): Promise<OpenOutcome> {
    const memo = await this.describeOpening(c.input.id, keyed);
    if (memo === undefined) throw openingUnconfirmed(c.input.id, keyed);
    return settle(c, memo);
  }

  /**
   * The memo a case was started with (which request opened it, with what body); undefined when no workflow has
   * the id. Throws the 503 saying the opening is unconfirmed when Temporal cannot tell.
   */
  async describeOpening(caseId: string, keyed: boolean): Promise<Partial<StartMemo> | undefined> {
    try {
      const { memo } = await this.withDeadline(() => this.client.workflow.getHandle(caseId).describe());
      return {
        requestHash: typeof memo?.requestHash === 'string' ? memo.requestHash : undefined,
        requestedAt: typeof memo?.requestedAt === 'number' ? memo.requestedAt : undefined,
        openingId: typeof memo?.openingId === 'string' ? memo.openingId : undefined,
      };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      if (isUnreachable(err)) throw openingUnconfirmed(caseId, keyed);
      throw err;
    }
  }

  /** The case view as `caller` sees it (with their allowed actions); completed cases answer too (a worker replays them). */
  async view(caseId: string, caller: Actor): Promise<CallerCaseView> {
    const query = (runId?: string) =>
      this.withDeadline(() =>
        this.client.workflow
          .getHandle(caseId, runId)
          .query(caseViewForQuery, { id: caller.id, role: caller.role }),
      );
    try {
      return await query();
    } catch (err) {
      if (isUnreachable(err)) throw err;
      const runId = await this.withDeadline(() =>
        caseRunBehindRefusedStart(this.client, this.namespace, caseId),
      );
      if (runId === undefined) throw err;
      return query(runId);
    }
  }

  /**
   * Runs a case update and returns the case view after it. A case whose workflow has completed
   * (closed or cancelled) takes no more actions: 409, while an unknown id stays a 404.
   * An update the case accepted is applied and durable even when its follow-up (a saga moving money) outlasts the
   * deadline: then the answer is the case as it stands (a compensation `executing`), never "try again", which
   * would apply the action twice.
   * `updateId` (from the request's Idempotency-Key) makes Temporal answer a repeat within the run with the
   * first outcome; the 503s then tell the client that sending it again is safe.
   */
  async update<Args extends { actor: Actor }>(
    caseId: string,
    def: UpdateDefinition<CallerCaseView, [Args]>,
    args: Args,
    updateId?: string,
  ): Promise<CallerCaseView> {
    const keyed = updateId !== undefined;
    const deadline = Date.now() + this.callTimeoutMs;
    let accepted: WorkflowUpdateHandle<CallerCaseView>;
    try {
      accepted = await this.client.withDeadline(deadline, () =>
        this.client.workflow.getHandle(caseId).startUpdate(def, {
          args: [stamped(def.name, args)],
          waitForStage: WorkflowUpdateStage.ACCEPTED,
          ...(keyed ? { updateId } : {}),
        }),
      );
    } catch (err) {
      if (err instanceof WorkflowNotFoundError && (await this.exists(caseId))) {
        throw invalidTransition(`case ${caseId} has ended (closed or cancelled) and takes no more actions`);
      }
      throw unconfirmedAction(err, keyed) ?? err;
    }
    let result: CallerCaseView;
    try {
      result = await this.client.withDeadline(deadline, () => accepted.result());
    } catch (err) {
      // Accepted, so applied: whatever cut the wait (a deadline, Temporal gone), never "try again".
      if (!isUnreachable(err)) throw err;
      const now = await this.viewAfterAccepted(caseId, args.actor, keyed);
      if (!mayReadCase(args.actor, now)) throw acceptedButUnreadable(keyed);
      return now;
    }
    // Update results carry only the newest timeline entries; a long timeline comes whole from the query, to a
    // caller who may still read the case (a repeat long after, from a manager it was reassigned away from, gets
    // the action's own answer, which Temporal kept: not what others wrote since).
    if (result.timeline.length < UPDATE_RESULT_TIMELINE_ENTRIES) return result;
    const now = await this.viewAfterAccepted(caseId, args.actor, keyed);
    return mayReadCase(args.actor, now) ? now : result;
  }

  private async viewAfterAccepted(caseId: string, caller: Actor, keyed: boolean): Promise<CallerCaseView> {
    try {
      return await this.view(caseId, caller);
    } catch (err) {
      if (!isUnreachable(err)) throw err;
      throw acceptedButUnreadable(keyed);
    }
  }

  private async exists(caseId: string): Promise<boolean> {
    try {
      await this.withDeadline(() => this.client.workflow.getHandle(caseId).describe());
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }

  /**
   * The start input the case was opened with (case-opening-input.ts); undefined when the id's first run is not
   * such a case, or it cannot be read: Temporal not answering in time, the first run gone (retention deleted
   * it), a payload this build cannot decode. Its callers then fall back on what they know without it.
   */
  async openingInput(caseId: string): Promise<OpenCaseInput | undefined> {
    return this.withDeadline(() => caseOpeningInput(this.client, this.namespace, caseId)).catch(
      () => undefined,
    );
  }

  /** The Temporal store this API lists from (list-store.ts), with the client's deadline. */
  listStore(): Promise<string> {
    return this.withDeadline(() => listStore(this.client, this.namespace));
  }

  /** One page of a visibility query (case-visibility.ts), with the client's deadline. */
  list(query: string, pageSize: number, pageToken: Uint8Array | undefined): Promise<ExecutionPage> {
    return this.withDeadline(() => listPage(this.client, this.namespace, query, pageSize, pageToken));
  }

  /** Resolves when the Temporal frontend answers within the deadline; throws otherwise. */
  async ping(timeoutMs: number): Promise<void> {
    await this.client.withDeadline(Date.now() + timeoutMs, () =>
      this.client.workflowService.getSystemInfo({}),
    );
  }
}
