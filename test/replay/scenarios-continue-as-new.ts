/**
 * Replay scenarios of continue-as-new: timers carried into the next run, a proposal made while the run waits to
 * continue (held on its edge calls), a breach and a reassignment while it waits, a long run of notes, and the
 * API's note sent again into the run after a continue-as-new. They return every run they leave behind.
 */
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import * as m from '../../workflows/messages';
import { copyingClient } from '../support/copied-payloads';
import { actors, openInput, reassignTo, startCase } from '../support/cases';
import { eventually } from '../support/eventually';
import { cny, open, price, type Runs, type ScenarioContext } from './scenario-cases';
import { hold } from './scenario-faults';
import { oddPolicy } from '../support/odd-policy';

/** How `eventually` polls here (wall clock). */
const POLL = { timeoutMs: 30_000, intervalMs: 50 };

/** Every run of a workflow, first to last, following its continue-as-new events. */
async function everyRun(ctx: ScenarioContext, workflowId: string, firstRunId: string): Promise<Runs> {
  const runs: Runs = [];
  for (let runId: string | null | undefined = firstRunId; runId;) {
    runs.push({ workflowId, runId });
    const history = await ctx.env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
  }
  return runs;
}

/** Once the case has continued as new, the member withdraws; every run it left. */
async function cancelledOnceContinued(
  ctx: ScenarioContext,
  h: WorkflowHandleWithFirstExecutionRunId,
): Promise<Runs> {
  await eventually(
    'a continue-as-new',
    async () => (await h.describe()).runId !== h.firstExecutionRunId,
    POLL,
  );
  await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'member withdrew' }] });
  await ctx.env.client.workflow.getHandle(h.workflowId).result();
  return everyRun(ctx, h.workflowId, h.firstExecutionRunId);
}

/**
 * A concierge case (its id carrying `mark`, on which its payment is held) whose instant refund is paying while the
 * run is past its history limit: it waits for the payment before continuing as new.
 */
async function payingWhenDueToContinue(
  ctx: ScenarioContext,
  mark: string,
  policy: ReturnType<typeof oddPolicy>,
) {
  const pay = hold('pay', `replay-concierge-${mark}`);
  const input = openInput({ policy });
  input.id = `case-replay-concierge-${mark}-${input.id.split('-').pop()}`;
  input.historyEventsPerRun = 20;
  const h = await startCase(ctx.env.client.workflow, input, ctx.taskQueue);
  await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
  const proposal = h.executeUpdate(m.proposeCompensationUpdate, {
    args: [{ actor: actors.xinyao, kind: 'instant_refund', amount: cny(12_345), reason: 'late car' }],
  });
  await eventually('the payment to start', () => pay.calls > 0, POLL);
  for (let i = 0; (await h.describe()).historyLength <= input.historyEventsPerRun; i += 1) {
    await h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.xinyao, text: `note ${i}` }] });
  }
  return { h, pay, proposal };
}

export const continueAsNewScenarios: Record<string, (ctx: ScenarioContext) => Promise<Runs>> = {
  /** A pending approval and the resolution commitment carried into the next run, where they fall due. */
  async 'continue-as-new-timers'(ctx) {
    const h = await open(ctx, 'concierge', { request: 'timers' }, {}, { historyEventsPerRun: 40 });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(250000), reason: 'new camera' }],
    });
    const firstRunId = h.firstExecutionRunId;
    for (let i = 0; (await h.describe()).runId === firstRunId && i < 30; i += 1) {
      await h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.xinyao, text: `note ${i}` }] });
    }
    await ctx.env.sleep('31m');
    await h.executeUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c1' }],
    });
    await ctx.env.sleep('25h');
    await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.zheng, code: 'done', summary: 'camera delivered' }],
    });
    await ctx.env.client.workflow.getHandle(h.workflowId).result();
    return everyRun(ctx, h.workflowId, firstRunId);
  },

  /**
   * A proposal made while the run waits for an activity before continuing as new. Before
   * `continue-as-new-when-idle`, the run continued as new as soon as that activity finished: the proposal's
   * update was lost and its saga cut off (recorded so, in `v2-continue-as-new-race`).
   */
  async 'continue-as-new-proposal-in-flight'(ctx) {
    const remedy = hold('requestRemedy');
    const pay = hold('pay');
    const input = openInput({
      type: 'dispute',
      details: { orderId: 'o-79', merchantId: 'shop-9', price, issue: 'damaged' },
    });
    input.id = `case-replay-dispute-race-${input.id.split('-').pop()}`;
    input.historyEventsPerRun = 40;
    const h = await startCase(ctx.env.client.workflow, input, ctx.taskQueue);
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    for (let i = 0; (await h.describe()).historyLength <= 40; i += 1) {
      await h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.xinyao, text: `note ${i}` }] });
    }
    await h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.xinyao, text: 'one more' }] });
    const proposal = h
      .executeUpdate(m.proposeCompensationUpdate, {
        args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(5000), reason: 'flowers' }],
      })
      .catch(() => undefined);
    await eventually('the payment to start', () => pay.calls > 0, POLL);
    remedy.release();
    await eventually(
      'the remedy request to be recorded',
      async () => (await h.query(m.caseViewQuery)).timeline.some((e) => e.kind === 'edge_done'),
      POLL,
    );
    pay.release();
    await proposal;
    return cancelledOnceContinued(ctx, h);
  },

  /** A resolution breach falling due while the run waits for a payment before continuing as new. */
  async 'deadline-while-continuing'(ctx) {
    const policy = oddPolicy({ tiers: { apass: { resolutionSla: '10s' } } });
    const { h, pay, proposal } = await payingWhenDueToContinue(ctx, 'slowrail', policy);
    await ctx.env.sleep('15s');
    await eventually(
      'the breach, while the payment waits',
      async () => (await h.query(m.caseViewQuery)).sla.resolution.breached,
      POLL,
    );
    pay.release();
    await proposal;
    return cancelledOnceContinued(ctx, h);
  },

  /** Since `v21`: a reassignment while the run waits for a payment before continuing as new, its owner told then. */
  async 'action-while-continuing'(ctx) {
    const { h, pay, proposal } = await payingWhenDueToContinue(ctx, 'reassigned-paying', oddPolicy());
    await h.executeUpdate(m.reassignUpdate, { args: [reassignTo('mgr-qiu', 'on leave')] });
    await eventually(
      'the reassignment notification, while the payment waits',
      async () => {
        const { events } = await h.fetchHistory();
        return events?.some((e) => e.activityTaskCompletedEventAttributes) || undefined;
      },
      POLL,
    );
    pay.release();
    await proposal;
    return cancelledOnceContinued(ctx, h);
  },

  async 'continue-as-new'(ctx) {
    const h = await open(ctx, 'concierge', { request: 'many notes' }, {}, { historyEventsPerRun: 60 });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    for (let i = 0; i < 20; i += 1) {
      await h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.xinyao, text: `note ${i}` }] });
    }
    const firstRunId = h.firstExecutionRunId;
    await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.xinyao, code: 'done', summary: 'done' }],
    });
    await ctx.env.client.workflow.getHandle(h.workflowId).result();
    return [{ workflowId: h.workflowId, runId: firstRunId }, { workflowId: h.workflowId }];
  },

  /**
   * Since `v22`: the API's note sent again by its gRPC client into the run after a continue-as-new (the same
   * sealed message and update id): answered with the view, applied once.
   */
  async 'note-retried-after-continue-as-new'(ctx) {
    const input = openInput();
    input.id = `case-replay-retried-${input.id.split('-').pop()}`;
    input.historyEventsPerRun = 40;
    const h = await startCase(ctx.env.client.workflow, input, ctx.taskQueue);
    const firstRunId = (await h.describe()).runId!;
    const updateId = `${input.id}/note-1`;
    await h.executeUpdate(m.noteUpdate, {
      args: [{ actor: actors.xinyao, text: 'the member called' }],
      updateId,
    });
    const sent = ((await h.fetchHistory()).events ?? [])
      .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest)
      .find((r) => r?.meta?.updateId === updateId)?.input?.args?.payloads?.[0] as Payload;
    for (let i = 0; (await h.describe()).runId === firstRunId; i += 1) {
      await h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.xinyao, text: `note ${i}` }] });
    }
    await copyingClient(ctx.env, sent)
      .workflow.getHandle(h.workflowId)
      .executeUpdate(m.noteUpdate.name, { args: [{}], updateId });
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'member withdrew' }] });
    await h.result();
    return everyRun(ctx, h.workflowId, firstRunId);
  },
};
