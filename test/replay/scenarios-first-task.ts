/**
 * Replay scenarios of actions that wait for a case's first workflow task (a worker away when the case opened):
 * they apply in the order sent (workflows/first-task-order.ts), so a callback sent after the cancellation fails;
 * a held note past the case's record budget is refused, and so is a supervisor's held approval above the head
 * ceiling, and (since v19) a held penalty cover on a case that names no merchant. And a wait on the member sent
 * just before the commitment fell due, that a worker away got to after.
 * The case is started on a task queue of its own, whose worker polls only once every action is in.
 */
import { WorkflowUpdateStage } from '@temporalio/client';
import { stamped } from '../../api/temporal/send-stamp';
import type { Policy } from '../../config/policy';
import { openCase } from '../../workflows/case-opening';
import * as m from '../../workflows/messages';
import { RecordMeter } from '../../workflows/record-budget';
import { actors, openInput, startCase } from '../support/cases';
import { oddPolicy } from '../support/odd-policy';
import { lateWorker, sendInTurn } from '../support/late-worker';
import type { Runs, ScenarioContext } from './scenario-cases';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a case worker on `taskQueue` (the recorder's does not poll it) until `body` is done. */
const withLateWorker = <T>(ctx: ScenarioContext, taskQueue: string, body: () => Promise<T>): Promise<T> =>
  lateWorker(ctx, taskQueue, body, { cache: false });

const replayInput = (name: string, policy?: Policy) => {
  const input = openInput({ policy });
  input.id = `case-replay-${name}-${input.id.split('-').slice(-2).join('-')}`;
  return input;
};

type Send = ReturnType<typeof sendInTurn>['send'];

/**
 * A case whose first task finds `sends` waiting (sent in turn while no worker polls its queue), then cancelled
 * once they are applied or refused.
 */
async function heldThenCancelled(ctx: ScenarioContext, name: string, sends: (send: Send) => Promise<void>) {
  const taskQueue = `${ctx.taskQueue}-${name}`;
  const h = await startCase(ctx.env.client.workflow, replayInput(name), taskQueue);
  const { send, outcomes, admitted } = sendInTurn(h);
  await sends(send);
  await admitted(); // every one held before the worker polls
  await withLateWorker(ctx, taskQueue, async () => {
    await Promise.all(outcomes);
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.zheng, reason: 'done' }] });
    await h.result();
  });
  return [{ workflowId: h.workflowId }];
}

export const firstTaskScenarios: Record<string, (ctx: ScenarioContext) => Promise<Runs>> = {
  async 'first-task-updates-as-sent'(ctx) {
    const taskQueue = `${ctx.taskQueue}-first-task`;
    const input = replayInput('first-task');
    const h = await startCase(ctx.env.client.workflow, input, taskQueue);
    const { send, outcomes, admitted } = sendInTurn(h);
    await send(m.noteUpdate, { actor: actors.xinyao, text: 'the member called again' });
    await send(m.cancelUpdate, { actor: actors.zheng, reason: 'the member withdrew' });
    await send(m.callbackUpdate, { actor: actors.xinyao });
    await admitted(); // every one held before the worker polls
    await withLateWorker(ctx, taskQueue, async () => {
      await Promise.all(outcomes);
      await h.result();
    });
    return [{ workflowId: h.workflowId }];
  },

  'held-approval-above-ceiling': (ctx) =>
    heldThenCancelled(ctx, 'held-ceiling', async (send) => {
      await send(m.callbackUpdate, { actor: actors.xinyao });
      await send(m.proposeCompensationUpdate, {
        actor: actors.xinyao,
        kind: 'goodwill_gift',
        amount: { amount: 6_000_000, currency: 'CNY' },
        reason: 'a ruined anniversary',
      });
      await send(m.approveCompensationUpdate, { actor: actors.zheng, compensationId: 'c1' });
    }),

  // A penalty cover held in a concierge case's first task: refused by the merchant rules (later-rules.ts).
  'held-penalty-cover-without-merchant': (ctx) =>
    heldThenCancelled(ctx, 'held-merchant', async (send) => {
      await send(m.callbackUpdate, { actor: actors.xinyao });
      await send(m.proposeCompensationUpdate, {
        actor: actors.xinyao,
        kind: 'penalty_cover',
        amount: { amount: 10_000, currency: 'CNY' },
        reason: 'a late fee',
      });
    }),

  async 'wait-sent-before-due'(ctx) {
    // The worker is away while a wait on the member, sent a second before the commitment fell due, reaches the
    // case: it pauses the clock as sent (wait-pauses-as-sent), before the deadline held back (deadlines-as-sent).
    // Stamped as the API would, on the test server's clock.
    const taskQueue = `${ctx.taskQueue}-wait-as-sent`;
    const policy = oddPolicy({ tiers: { apass: { callbackSla: '1h', resolutionSla: '5s' } } });
    const h = await startCase(ctx.env.client.workflow, replayInput('wait-as-sent', policy), taskQueue);
    const called = await withLateWorker(ctx, taskQueue, () =>
      h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] }),
    );
    const due = Date.parse(called.sla.resolution.dueAt!);
    await ctx.env.sleep(due - 1_000 - (await ctx.env.currentTimeMs()));
    const args = { actor: actors.xinyao, on: 'member' as const, reason: 'photos' };
    const wait = h
      .startUpdate(m.waitUpdate, {
        args: [stamped(m.waitUpdate.name, args, await ctx.env.currentTimeMs())],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      })
      .then((u) => u.result());
    await pause(300); // admitted before the clock moves on
    await ctx.env.sleep(3_000); // the commitment falls due with no worker
    await withLateWorker(ctx, taskQueue, async () => {
      await wait;
      await h.executeUpdate(m.resumeUpdate, { args: [{ actor: actors.app }] });
      await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.zheng, reason: 'done' }] });
      await h.result();
    });
    return [{ workflowId: h.workflowId }];
  },

  async 'held-note-past-record-budget'(ctx) {
    const taskQueue = `${ctx.taskQueue}-held-budget`;
    const input = replayInput('held-budget');
    input.recordBudgetBytes = new RecordMeter(openCase(input, Date.now())).usedBytes() + 1_000;
    const h = await startCase(ctx.env.client.workflow, input, taskQueue);
    const note = h
      .startUpdate(m.noteUpdate, {
        args: [{ actor: actors.xinyao, text: 'the member dictated a long letter '.repeat(60) }],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      })
      .then((u) => u.result())
      .catch(() => undefined);
    await pause(1_000); // admitted before the worker polls
    await withLateWorker(ctx, taskQueue, async () => {
      await note;
      await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.zheng, reason: 'done' }] });
      await h.result();
    });
    return [{ workflowId: h.workflowId }];
  },
};
