/**
 * Who may act (API.md's action table), enforced by the workflow's update validators: a rejected update answers
 * `forbidden` and changes nothing, whatever the case's state.
 */
import type { Actor } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { actors, devRoster } from '../support/cases';
import { asView, count, view } from '../support/case-views';
import { rejectionOf } from '../support/update-rejections';
import { timeSkippingSuite, withWorker } from '../support/workflow-harness';

const suite = timeSkippingSuite();

const engineer: Actor = { id: 'eng-1', role: 'engineer' };

test('a manager who is not the assignee may not work the case (nor see it: answered as an unknown id)', () =>
  withWorker(suite.env, async (ctx) => {
    const h = await ctx.open();
    const opened = await view(h);

    const failure = await rejectionOf(
      h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.lin }] }),
      'not_found',
    );
    expect(failure.message).toBe(`case ${h.workflowId} does not exist`);
    await rejectionOf(
      h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.qiu, text: 'hello' }] }),
      'not_found',
    );
    await rejectionOf(
      h.executeUpdate(m.escalateUpdate, { args: [{ actor: actors.lin, reason: 'mine' }] }),
      'not_found',
    );
    expect(await view(h)).toEqual(opened);

    const working = await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    for (const attempt of [
      h.executeUpdate(m.waitUpdate, { args: [{ actor: actors.lin, on: 'member', reason: 'x' }] }),
      h.executeUpdate(m.resumeUpdate, { args: [{ actor: actors.lin }] }),
      h.executeUpdate(m.resolveUpdate, { args: [{ actor: actors.qiu, code: 'done', summary: 'x' }] }),
    ]) {
      await rejectionOf(attempt, 'not_found');
    }
    expect(await view(h)).toEqual(asView(working));
  }));

test('even the assignee may not cancel, reopen, rate or reassign (system / supervisor+ only)', () =>
  withWorker(suite.env, async (ctx) => {
    const h = await ctx.open();
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await rejectionOf(
      h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.xinyao, reason: 'x' }] }),
      'forbidden',
    );
    const qiu = devRoster.ladderFor('mgr-qiu');
    await rejectionOf(
      h.executeUpdate(m.reassignUpdate, {
        args: [{ actor: actors.xinyao, manager: qiu[0]!, ladder: qiu, reason: 'x' }],
      }),
      'forbidden',
    );
    const resolved = await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.xinyao, code: 'done', summary: 'ok' }],
    });
    await rejectionOf(
      h.executeUpdate(m.reopenUpdate, { args: [{ actor: actors.xinyao, reason: 'x' }] }),
      'forbidden',
    );
    await rejectionOf(
      h.executeUpdate(m.rateUpdate, { args: [{ actor: actors.xinyao, score: 5 }] }),
      'forbidden',
    );
    // Rating is the member's (via the app) alone, not even a supervisor's.
    await rejectionOf(
      h.executeUpdate(m.rateUpdate, { args: [{ actor: actors.zheng, score: 5 }] }),
      'forbidden',
    );
    expect(await view(h)).toEqual(asView(resolved));

    // A supervisor may reopen.
    const reopened = await h.executeUpdate(m.reopenUpdate, {
      args: [{ actor: actors.zheng, reason: 'missing part' }],
    });
    expect(reopened.status).toBe('in_progress');
  }));

test('the platform (system) relays the member: it may resume, escalate and cancel, not call back or resolve', () =>
  withWorker(suite.env, async (ctx) => {
    const h = await ctx.open();
    await rejectionOf(h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.app }] }), 'forbidden');
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await rejectionOf(
      h.executeUpdate(m.resolveUpdate, { args: [{ actor: actors.app, code: 'done', summary: 'x' }] }),
      'forbidden',
    );
    await rejectionOf(
      h.executeUpdate(m.waitUpdate, { args: [{ actor: actors.app, on: 'member', reason: 'x' }] }),
      'forbidden',
    );
    await h.executeUpdate(m.waitUpdate, { args: [{ actor: actors.xinyao, on: 'member', reason: 'x' }] });
    let v = await h.executeUpdate(m.resumeUpdate, { args: [{ actor: actors.app, note: 'member answered' }] });
    expect(v.status).toBe('in_progress');
    v = await h.executeUpdate(m.escalateUpdate, { args: [{ actor: actors.app, reason: 'member asks' }] });
    expect(v.escalationLevel).toBe(1);
    v = await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'withdrawn' }] });
    expect(v.status).toBe('cancelled');
  }));

test('supervisors and the head may act on a case they do not own', () =>
  withWorker(suite.env, async (ctx) => {
    const h = await ctx.open();
    let v = await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.wen }] });
    expect(v.status).toBe('in_progress');
    expect(v.assignee.id).toBe('mgr-xinyao'); // acting does not take ownership
    v = await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.dai, code: 'done', summary: 'head sorted it' }],
    });
    expect(v.resolution?.resolvedBy).toBe('head-dai');
  }));

test('an engineer reads everything and changes nothing; forbidden comes before the state check', () =>
  withWorker(suite.env, async (ctx) => {
    const h = await ctx.open();
    const opened = await view(h);
    for (const attempt of [
      h.executeUpdate(m.callbackUpdate, { args: [{ actor: engineer }] }),
      h.executeUpdate(m.noteUpdate, { args: [{ actor: engineer, text: 'debugging' }] }),
      h.executeUpdate(m.escalateUpdate, { args: [{ actor: engineer, reason: 'x' }] }),
      h.executeUpdate(m.cancelUpdate, { args: [{ actor: engineer, reason: 'x' }] }),
      // Not allowed in this state either: the actor is checked first.
      h.executeUpdate(m.resolveUpdate, { args: [{ actor: engineer, code: 'done', summary: 'x' }] }),
      h.executeUpdate(m.reopenUpdate, { args: [{ actor: engineer, reason: 'x' }] }),
      h.executeUpdate(m.rateUpdate, { args: [{ actor: engineer, score: 3 }] }),
    ]) {
      await rejectionOf(attempt, 'forbidden');
    }
    const after = await view(h);
    expect(after).toEqual(opened);
    expect(after.timeline).toHaveLength(2);
    expect(count(after, 'note')).toBe(0);
    // Only the dedicated manager's `assigned`, from the opening.
    expect(ctx.notifications.map((n) => n.trigger)).toEqual(['assigned']);
  }));
