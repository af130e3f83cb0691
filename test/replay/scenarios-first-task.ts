/**
 * A replay scenario of actions that wait for a case's first workflow task (a worker away when the case opened):
 * they apply in the order sent (workflows/first-task-order.ts), so a callback sent after the cancellation fails.
 * The case is started on a task queue of its own, whose worker polls only once every action is in.
 */
import { WorkflowUpdateStage } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { rmSync } from 'node:fs';
import type { CallerCaseView } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { testActivities } from '../support/activities';
import { actors, openInput, startCase } from '../support/cases';
import { testDataConverter, workflowBundle } from '../support/temporal';
import type { Runs, ScenarioContext } from './scenario-cases';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const firstTaskScenarios: Record<string, (ctx: ScenarioContext) => Promise<Runs>> = {
  async 'first-task-updates-as-sent'(ctx) {
    const taskQueue = `${ctx.taskQueue}-first-task`;
    const input = openInput();
    input.id = `case-replay-first-task-${input.id.split('-').slice(-2).join('-')}`;
    const h = await startCase(ctx.env.client.workflow, input, taskQueue);
    const outcomes: Promise<unknown>[] = [];
    const send = async <A extends m.Acting>(update: UpdateDefinition<CallerCaseView, [A]>, args: A) => {
      const sent = h.startUpdate(update, { args: [args], waitForStage: WorkflowUpdateStage.ACCEPTED });
      outcomes.push(sent.then((u) => u.result()).catch(() => undefined));
      await pause(100); // each stamped after the one before
    };
    await send(m.noteUpdate, { actor: actors.xinyao, text: 'the member called again' });
    await send(m.cancelUpdate, { actor: actors.zheng, reason: 'the member withdrew' });
    await send(m.callbackUpdate, { actor: actors.xinyao });
    await pause(1_000); // every one admitted before the worker polls
    const { activities, dataDir } = testActivities();
    try {
      const worker = await Worker.create({
        connection: ctx.env.nativeConnection,
        taskQueue,
        workflowBundle: await workflowBundle(),
        dataConverter: testDataConverter,
        activities,
      });
      await worker.runUntil(async () => {
        await Promise.all(outcomes);
        await h.result();
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    return [{ workflowId: h.workflowId }];
  },
};
