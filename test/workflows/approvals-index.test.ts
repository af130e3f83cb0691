/**
 * The approvals index (workflows/patches.ts, PENDING_APPROVALS_INDEX_PATCH): `CasePendingApprovals` counts the
 * case's compensations waiting for approval, so an inbox lists those cases instead of reading every open case.
 * A case opened today keeps it without a patch marker; a case of generation 1 takes it with one.
 */
import { Worker } from '@temporalio/worker';
import type { CaseView } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { PAYEE_AS_PAID_PATCH, PENDING_APPROVALS_INDEX_PATCH } from '../../workflows/patches';
import { SA } from '../../workflows/search-attributes';
import { actors, openInput } from '../support/cases';
import { caseDetails } from '../support/case-fixtures';
import { oddPolicy } from '../support/odd-policy';
import { patchMarkers } from '../support/patch-markers';
import { testDataConverter, workflowBundle } from '../support/temporal';
import {
  cny,
  timeSkippingSuite,
  withWorker,
  type CaseHandle,
  type WorkerContext,
} from '../support/workflow-harness';

const policy = oddPolicy(); // apass manager authority 45,678 fen

const suite = timeSkippingSuite();

const pendingApprovals = async (h: CaseHandle) =>
  (await h.describe()).typedSearchAttributes.get(SA.pendingApprovals);

const propose = (h: CaseHandle, amount: number): Promise<CaseView> =>
  h.executeUpdate(m.proposeCompensationUpdate, {
    args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(amount), reason: 'flowers' }],
  });

/** A dispute past its callback; `generation` replaces today's in its start input. */
async function dispute(ctx: WorkerContext, generation?: number): Promise<CaseHandle> {
  const input = openInput({ type: 'dispute', policy, details: caseDetails('dispute') });
  const h = await ctx.start(generation === undefined ? input : { ...input, generation });
  await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
  return h;
}

test('CasePendingApprovals counts the compensations waiting, as they are proposed, approved and rejected', () =>
  withWorker(suite.env, async (ctx) => {
    const h = await dispute(ctx);
    expect(await pendingApprovals(h)).toBe(0); // the callback's index update carries it
    expect((await propose(h, 100)).compensations[0]?.status).not.toBe('pending_approval'); // within authority
    expect(await pendingApprovals(h)).toBe(0);

    expect((await propose(h, 45_679)).compensations[1]?.status).toBe('pending_approval');
    expect(await pendingApprovals(h)).toBe(1);
    expect((await propose(h, 50_000)).compensations[2]?.status).toBe('pending_approval');
    expect(await pendingApprovals(h)).toBe(2);

    await h.executeUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c2' }],
    });
    expect(await pendingApprovals(h)).toBe(1);
    await h.executeUpdate(m.rejectCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c3', reason: 'too much' }],
    });
    expect(await pendingApprovals(h)).toBe(0);
    const events = (await h.fetchHistory()).events ?? [];
    expect(patchMarkers(events)).toEqual([]);
  }));

test('a case of generation 1 takes the index at its first task, with a patch marker, and keeps it alike', () =>
  withWorker(suite.env, async (ctx) => {
    const h = await dispute(ctx, 1);
    expect(await pendingApprovals(h)).toBe(0);
    await propose(h, 45_679);
    expect(await pendingApprovals(h)).toBe(1);
    await h.executeUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c1' }],
    });
    expect(await pendingApprovals(h)).toBe(0);
    const history = await h.fetchHistory();
    // generation 1 asks for generation 3's payee rule too, at its gift's proposal
    expect(patchMarkers(history.events ?? [])).toEqual([PENDING_APPROVALS_INDEX_PATCH, PAYEE_AS_PAID_PATCH]);
    // and its history, with the marker mid-way, replays against today's code
    await Worker.runReplayHistory(
      { workflowBundle: await workflowBundle(), dataConverter: testDataConverter },
      history,
      h.workflowId,
    );
  }));
