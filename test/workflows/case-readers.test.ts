/**
 * Who may read a case (workflows/permissions.ts `mayReadCase`) also decides what the case answers:
 * - a keyed repeat (same Idempotency-Key) answers with the case as it stands now, so only to a caller who may
 *   still read it: a manager the case was reassigned away from is answered as for an unknown id, after a
 *   continue-as-new too (Temporal's own answer to the same update id within a run is the first answer itself);
 * - a manager who may not read a case is refused as for an unknown id, and no refusal names the owner; the
 *   member's dedicated manager, who may read it, is refused with `forbidden`;
 * - the platform resumes only a wait on the member (it relays the member's answer), never a third party's.
 */
import { actionIdentity, updateIdFor, updateIdKey } from '../../api/cases/idempotency';
import type { Actor } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { unknownCaseMessage } from '../../workflows/permissions';
import { actors, devRoster, openInput } from '../support/cases';
import { currentRunId, firstRunId } from '../support/runs';
import { count, view } from '../support/case-views';
import { rejectionOf } from '../support/update-rejections';
import { devServerSuite, withWorker, type CaseHandle } from '../support/workflow-harness';
import { TEST_PAYLOAD_KEYS } from '../support/temporal';

const suite = devServerSuite();
/** The API's key of update ids, under the tests' payload keys. */
const UPDATE_ID_KEY = updateIdKey(TEST_PAYLOAD_KEYS);

function keyed<B extends object>(actor: Actor, key: string, action: string, body: B) {
  const idempotency = actionIdentity(actor.id, key, { action, body })!;
  return { args: { ...body, actor, idempotency }, updateId: updateIdFor(UPDATE_ID_KEY, idempotency) };
}

const reassignToQiu = (h: CaseHandle) => {
  const qiu = devRoster.ladderFor('mgr-qiu');
  return h.executeUpdate(m.reassignUpdate, {
    args: [{ actor: actors.zheng, manager: qiu[0]!, ladder: qiu, reason: 'leave' }],
  });
};

/** Every principal id of the roster but the caller's own: a refusal must name none of them. */
const othersThan = (actor: Actor) => devRoster.principals.map((p) => p.id).filter((id) => id !== actor.id);

test('a keyed repeat from a manager the case was reassigned away from is answered as an unknown case, across continue-as-new', () =>
  withWorker(suite.env, { name: 'readers-repeat' }, async (ctx) => {
    const input = openInput();
    input.historyEventsPerRun = 40;
    const h = await ctx.start(input);
    const note = keyed(actors.xinyao, 'note-1', 'notes', { text: 'called the lab' });
    const first = await h.executeUpdate(m.noteUpdate, { args: [note.args], updateId: note.updateId });
    expect(first.assignee.id).toBe('mgr-xinyao');
    const firstRun = await firstRunId(suite.env.client, h.workflowId);

    await reassignToQiu(h);
    // The same update id in the same run: Temporal answers with the first outcome, the view mgr-xinyao already had.
    const byTemporal = await h.executeUpdate(m.noteUpdate, { args: [note.args], updateId: note.updateId });
    expect(byTemporal).toEqual(first);
    // Another update id: the case's own memory answers, and mgr-xinyao may no longer read the case.
    const sameRun = await rejectionOf(
      h.executeUpdate(m.noteUpdate, { args: [note.args], updateId: `${note.updateId}-again` }),
      'not_found',
    );
    expect(sameRun.message).toBe(unknownCaseMessage(h.workflowId));

    let notes = 0;
    while ((await currentRunId(suite.env.client, h.workflowId)) === firstRun) {
      if (notes >= 100) throw new Error('the case never continued as new');
      await h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.zheng, text: `note ${notes}` }] });
      notes += 1;
    }
    const before = await view(h);
    // The same update id in a new run: Temporal has not seen it, the case has, and refuses to show itself.
    const afterCan = await rejectionOf(
      h.executeUpdate(m.noteUpdate, { args: [note.args], updateId: note.updateId }),
      'not_found',
    );
    expect(afterCan.message).toBe(unknownCaseMessage(h.workflowId));
    expect(await view(h)).toEqual(before);
    expect(count(before, 'note')).toBe(1 + notes);

    // The new owner's repeat of their own request is answered with the view.
    const qiuNote = keyed(actors.qiu, 'note-q', 'notes', { text: 'mine now' });
    await h.executeUpdate(m.noteUpdate, { args: [qiuNote.args], updateId: qiuNote.updateId });
    const again = await h.executeUpdate(m.noteUpdate, {
      args: [qiuNote.args],
      updateId: `${qiuNote.updateId}-again`,
    });
    expect(again.assignee.id).toBe('mgr-qiu');
  }));

test("the member's dedicated manager may still repeat after an escalation: the case is theirs to read", () =>
  withWorker(suite.env, { name: 'readers-dedicated' }, async (ctx) => {
    const h = await ctx.start(openInput());
    const esc = keyed(actors.xinyao, 'esc-1', 'escalate', { reason: 'needs a second pair of hands' });
    const first = await h.executeUpdate(m.escalateUpdate, { args: [esc.args], updateId: esc.updateId });
    expect(first.assignee.id).toBe('mgr-lin');
    const again = await h.executeUpdate(m.escalateUpdate, {
      args: [esc.args],
      updateId: `${esc.updateId}-again`,
    });
    expect(again.escalationLevel).toBe(1);
  }));

test('a manager who may not read the case is refused as for an unknown id; the dedicated manager with forbidden; no refusal names the owner', () =>
  withWorker(suite.env, { name: 'readers-guard' }, async (ctx) => {
    const h = await ctx.start(openInput());
    const opened = await view(h);
    for (const attempt of [
      h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.qiu }] }),
      h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.lin, text: 'hello' }] }),
      h.executeUpdate(m.escalateUpdate, { args: [{ actor: actors.qiu, reason: 'mine' }] }),
    ]) {
      expect(await rejectionOf(attempt, 'not_found')).toEqual({
        type: 'not_found',
        message: unknownCaseMessage(h.workflowId),
      });
    }
    expect(await view(h)).toEqual(opened);

    // Escalated to level 1: mgr-lin (the backup) owns it, mgr-xinyao is still the member's dedicated manager.
    await h.executeUpdate(m.escalateUpdate, { args: [{ actor: actors.zheng, reason: 'busy' }] });
    const escalated = await view(h);
    expect(escalated.assignee.id).toBe('mgr-lin');
    for (const [attempt, actor] of [
      [h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] }), actors.xinyao],
      [h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.xinyao, text: 'x' }] }), actors.xinyao],
    ] as const) {
      const refusal = await rejectionOf(attempt, 'forbidden');
      expect(refusal.message).toContain('mgr-xinyao (manager) may not');
      for (const id of othersThan(actor)) expect(refusal.message).not.toContain(id);
    }
    const byQiu = await rejectionOf(
      h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.qiu, text: 'x' }] }),
      'not_found',
    );
    expect(byQiu.message).toBe(unknownCaseMessage(h.workflowId));
    expect(await view(h)).toEqual(escalated);
  }));

test('the platform resumes a wait on the member, not a wait on a third party', () =>
  withWorker(suite.env, { name: 'readers-resume' }, async (ctx) => {
    const h = await ctx.start(openInput());
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await h.executeUpdate(m.waitUpdate, {
      args: [{ actor: actors.xinyao, on: 'third_party', reason: 'photo lab is looking' }],
    });
    const waiting = await view(h);
    const refusal = await rejectionOf(
      h.executeUpdate(m.resumeUpdate, { args: [{ actor: actors.app, note: 'member answered' }] }),
      'invalid_transition',
    );
    expect(refusal.message).toMatch(/the platform resumes only a wait on the member/);
    expect(await view(h)).toEqual(waiting);

    // The assignee may; and the platform may end a wait on the member.
    await h.executeUpdate(m.resumeUpdate, { args: [{ actor: actors.xinyao, note: 'lab answered' }] });
    await h.executeUpdate(m.waitUpdate, { args: [{ actor: actors.xinyao, on: 'member', reason: 'photos' }] });
    const resumed = await h.executeUpdate(m.resumeUpdate, {
      args: [{ actor: actors.app, note: 'member answered' }],
    });
    expect(resumed.status).toBe('in_progress');
  }));
