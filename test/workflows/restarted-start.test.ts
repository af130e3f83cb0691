/**
 * A case's own sealed start input, copied from its history, cannot start it again: a fresh start is bound to the
 * time the API accepted the opening (`requestedAt`), and the input a run carries into the next through
 * continue-as-new is taken only by that next run. Either copy, started under the case's id once its run has
 * closed, fails at once with `forbidden`, before any timer, activity or notification.
 */
import type { WorkflowHandle } from '@temporalio/client';
import * as m from '../../workflows/messages';
import { actors, openInput } from '../support/cases';
import { copyingClient, firstPayload, outsiderOf } from '../support/copied-payloads';
import { testDataConverter } from '../support/temporal';
import { HOUR } from '../support/clock';
import { cancelled, failureOf } from '../support/refused-starts';
import { timeSkippingSuite, withWorker, type WorkerContext } from '../support/workflow-harness';
import path from 'node:path';

const suite = timeSkippingSuite();

/** Starts the case's id again, from a client that sends the copied payload as the start input. */
const restart = (h: WorkflowHandle, taskQueue: string, copied: Parameters<typeof copyingClient>[1]) =>
  copyingClient(suite.env, copied).workflow.start('caseWorkflow', {
    taskQueue,
    workflowId: h.workflowId,
    args: [{}],
  });

const opened = async (ctx: WorkerContext) =>
  ctx.start({ ...openInput(), requestedAt: await suite.env.currentTimeMs() });

/** A case that continued as new once, then was cancelled: its id, and the input its second run started with. */
async function continuedThenCancelled(ctx: WorkerContext) {
  const input = { ...openInput(), requestedAt: await suite.env.currentTimeMs() };
  input.historyEventsPerRun = 40;
  const h = await ctx.start(input);
  const { runId: firstRun } = await h.describe();
  for (let i = 0; (await h.describe()).runId === firstRun; i += 1) {
    if (i > 30) throw new Error('the case did not continue as new');
    await h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.xinyao, text: `note ${i}` }] });
  }
  const { runId: secondRun } = await h.describe();
  const carried = await firstPayload(suite.env.client.workflow.getHandle(h.workflowId, secondRun), 'start');
  await cancelled(h);
  return { h, carried };
}

test("a cancelled case's start input, sent again an hour later, does not open it again", () =>
  withWorker(suite.env, async (ctx) => {
    const h = await opened(ctx);
    await cancelled(h);
    const copied = await firstPayload(h, 'start');
    await suite.env.sleep(HOUR);

    const again = await restart(h, ctx.taskQueue, copied);
    const failure = await failureOf(again);
    expect(failure.type).toBe('forbidden');
    expect(failure.message).toContain('accepted by the API at');
  }));

test('the input a run carried through continue-as-new does not start a fresh run', () =>
  withWorker(suite.env, async (ctx) => {
    const { h, carried } = await continuedThenCancelled(ctx);
    const again = await restart(h, ctx.taskQueue, carried);
    const failure = await failureOf(again);
    expect(failure.type).toBe('forbidden');
    expect(failure.message).toContain('continue-as-new');
  }));

test("a case's copied update arguments sent as a start input are refused, not a workflow task failing forever", () =>
  withWorker(suite.env, async (ctx) => {
    const h = await opened(ctx);
    await h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.xinyao, text: 'called the member' }] });
    const copied = await firstPayload(h, 'update');
    await cancelled(h);

    const failure = await failureOf(await restart(h, ctx.taskQueue, copied));
    expect(failure.type).toBe('forbidden');
    expect(failure.message).toContain('not sent through the API');
  }));

test('a continue-as-new input taken by a run that another workflow continued is refused', () =>
  withWorker(suite.env, { workflowsPath: path.resolve(__dirname, 'forger-workflows.ts') }, async (ctx) => {
    const { h, carried } = await continuedThenCancelled(ctx);

    // Another workflow under the case's id continues as new into the case with its carried state.
    await copyingClient(suite.env, carried).workflow.start('forger', {
      taskQueue: ctx.taskQueue,
      workflowId: h.workflowId,
      args: [{}],
    });
    const failure = await failureOf(suite.env.client.workflow.getHandle(h.workflowId));
    expect(failure.type).toBe('forbidden');
    expect(failure.message).toContain('continue-as-new');
  }));

test("an opening without the time the API accepted it (a copy of a case's input from before the API sent one) is refused", () =>
  withWorker(suite.env, async (ctx) => {
    const input = openInput(); // no requestedAt, as the API sent no such time before it did
    expect(input).not.toHaveProperty('requestedAt');
    // a client that seals as the API and the workers do, but adds no time (the tests' own client would)
    const h = await outsiderOf(suite.env, testDataConverter).workflow.start('caseWorkflow', {
      taskQueue: ctx.taskQueue,
      workflowId: input.id,
      args: [{ open: input }],
    });
    const failure = await failureOf(h);
    expect(failure.type).toBe('forbidden');
    expect(failure.message).toContain('carries no time the API accepted it at');
  }));
