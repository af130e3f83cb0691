/**
 * Actions with an Idempotency-Key on the real dev server: a request is applied (and paid) once, whether the
 * repeat is answered by Temporal (same update id, same run) or by the case's own memory (another update id, or
 * a later run after continue-as-new); the same key with another request is refused and changes nothing.
 * Identities come from the API's own derivation (api/cases/idempotency.ts).
 */
import { actionIdentity, updateIdFor, updateIdKey } from '../../api/cases/idempotency';
import type { Actor } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { actors, openInput } from '../support/cases';
import { operations } from '../support/edges';
import { currentRunId, firstRunId } from '../support/runs';
import { entriesOf } from '../support/case-views';
import { oddPolicy } from '../support/odd-policy';
import { rejectionOf } from '../support/update-rejections';
import { cny, devServerSuite, withWorker, type CaseHandle } from '../support/workflow-harness';
import { TEST_PAYLOAD_KEYS } from '../support/temporal';

const policy = oddPolicy();

const suite = devServerSuite();
/** The API's key of update ids, under the tests' payload keys. */
const UPDATE_ID_KEY = updateIdKey(TEST_PAYLOAD_KEYS);

/** An action's update arguments with the identity the API derives from (actor, key, action, body). */
function keyed<B extends object>(actor: Actor, key: string, action: string, body: B) {
  const idempotency = actionIdentity(actor.id, key, { action, body })!;
  return { args: { ...body, actor, idempotency }, updateId: updateIdFor(UPDATE_ID_KEY, idempotency) };
}

// within the odd policy's apass instant refund limit (1,234.57 CNY) and manager authority: executes at once
const refund = { kind: 'instant_refund' as const, amount: cny(12_345), reason: 'the car was late' };

async function inProgress(open: (input: m.OpenCaseInput) => Promise<CaseHandle>, runEvents?: number) {
  const input = openInput({ type: 'concierge', policy });
  if (runEvents !== undefined) input.historyEventsPerRun = runEvents;
  const h = await open(input);
  await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
  return h;
}

test('a proposal repeated with the same key pays once; every answer shows the one compensation', () =>
  withWorker(suite.env, { name: 'idem-repeat' }, async (ctx) => {
    const h = await inProgress(ctx.start);
    const p = keyed(actors.xinyao, 'refund-1', 'compensations', refund);

    const first = await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [p.args],
      updateId: p.updateId,
    });
    expect(first.compensations).toEqual([expect.objectContaining({ id: 'c1', status: 'executed' })]);
    // answered by Temporal: the update id it has seen in this run
    const byTemporal = await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [p.args],
      updateId: p.updateId,
    });
    // answered by the case: another update id, the same key and request
    const byCase = await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [p.args],
      updateId: `${p.updateId}-again`,
    });
    for (const v of [byTemporal, byCase]) {
      expect(v.compensations).toEqual([expect.objectContaining({ id: 'c1', status: 'executed' })]);
      expect(v.ledger.paid).toEqual(cny(12_345));
    }
    expect(entriesOf(await h.query(m.caseViewQuery), 'compensation_proposed')).toHaveLength(1);
    expect(await operations(ctx.edges.journals.payments)).toEqual(['pay']);
  }));

test('identical proposals at once, with the same or another update id: all answered, one compensation, one payment', () =>
  withWorker(suite.env, { name: 'idem-concurrent' }, async (ctx) => {
    const h = await inProgress(ctx.start);
    const p = keyed(actors.xinyao, 'refund-at-once', 'compensations', refund);
    const send = (updateId: string) =>
      h.executeUpdate(m.proposeCompensationUpdate, { args: [p.args], updateId });
    const answers = await Promise.all([send(p.updateId), send(p.updateId), send(`${p.updateId}-other`)]);
    for (const v of answers) expect(v.compensations.map((c) => c.id)).toEqual(['c1']);

    const v = await h.query(m.caseViewQuery);
    expect(v.compensations).toEqual([expect.objectContaining({ id: 'c1', status: 'executed' })]);
    expect(v.ledger.paid).toEqual(cny(12_345));
    expect(await operations(ctx.edges.journals.payments)).toEqual(['pay']);
  }));

test('a repeat after the case continued as new is still recognised', () =>
  withWorker(suite.env, { name: 'idem-can' }, async (ctx) => {
    const h = await inProgress(ctx.start, 40);
    const first = await firstRunId(suite.env.client, h.workflowId);
    const p = keyed(actors.xinyao, 'refund-before-can', 'compensations', refund);
    await h.executeUpdate(m.proposeCompensationUpdate, { args: [p.args], updateId: p.updateId });

    let notes = 0;
    while ((await currentRunId(suite.env.client, h.workflowId)) === first) {
      if (notes >= 100) throw new Error('the case never continued as new');
      await h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.xinyao, text: `note ${notes}` }] });
      notes += 1;
    }

    // the new run has never seen this update id: the case's carried memory answers
    const again = await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [p.args],
      updateId: p.updateId,
    });
    expect(again.compensations).toEqual([expect.objectContaining({ id: 'c1', status: 'executed' })]);
    const other = keyed(actors.xinyao, 'refund-before-can', 'compensations', {
      ...refund,
      reason: 'another',
    });
    expect(
      (
        await rejectionOf(
          h.executeUpdate(m.proposeCompensationUpdate, { args: [other.args], updateId: other.updateId }),
        )
      ).type,
    ).toBe('idempotency_conflict');
    const v = await h.query(m.caseViewQuery);
    expect(v.compensations).toHaveLength(1);
    expect(entriesOf(v, 'note')).toHaveLength(notes);
    expect(await operations(ctx.edges.journals.payments)).toEqual(['pay']);
  }));

test('the same key with another body or action is idempotency_conflict, and nothing changes', () =>
  withWorker(suite.env, { name: 'idem-conflict' }, async (ctx) => {
    const h = await inProgress(ctx.start);
    const p = keyed(actors.xinyao, 'k-1', 'compensations', refund);
    await h.executeUpdate(m.proposeCompensationUpdate, { args: [p.args], updateId: p.updateId });
    const before = await h.query(m.caseViewQuery);

    const moreMoney = keyed(actors.xinyao, 'k-1', 'compensations', { ...refund, amount: cny(20_000) });
    const conflict = await rejectionOf(
      h.executeUpdate(m.proposeCompensationUpdate, { args: [moreMoney.args], updateId: moreMoney.updateId }),
    );
    expect(conflict).toEqual({
      type: 'idempotency_conflict',
      message: expect.stringContaining(h.workflowId),
    });
    const escalate = keyed(actors.xinyao, 'k-1', 'escalate', { reason: 'the member insists' });
    expect(
      (
        await rejectionOf(
          h.executeUpdate(m.escalateUpdate, { args: [escalate.args], updateId: escalate.updateId }),
        )
      ).type,
    ).toBe('idempotency_conflict');

    expect(await h.query(m.caseViewQuery)).toEqual(before);
    expect(await operations(ctx.edges.journals.payments)).toEqual(['pay']);
  }));

test('a repeated callback answers with the view, not invalid_transition', () =>
  withWorker(suite.env, { name: 'idem-callback' }, async (ctx) => {
    const h = await ctx.start(openInput({ type: 'concierge', policy }));
    const c = keyed(actors.xinyao, 'cb-1', 'callback', { note: 'reached her' });
    const first = await h.executeUpdate(m.callbackUpdate, { args: [c.args], updateId: c.updateId });
    expect(first.status).toBe('in_progress');
    // another update id: the case's validator accepts the repeat whatever the state now allows
    const again = await h.executeUpdate(m.callbackUpdate, {
      args: [c.args],
      updateId: `${c.updateId}-again`,
    });
    expect(again.sla.callback.metAt).toBe(first.sla.callback.metAt);
    const unkeyed = await rejectionOf(
      h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] }),
    );
    expect(unkeyed.type).toBe('invalid_transition');
    expect(entriesOf(await h.query(m.caseViewQuery), 'callback')).toHaveLength(1);
  }));

test('the same key sent by two principals is two requests; each is still applied once', () =>
  withWorker(suite.env, { name: 'idem-principals' }, async (ctx) => {
    const h = await inProgress(ctx.start);
    const note = (actor: Actor) => keyed(actor, 'shared-key', 'notes', { text: 'checked the lab' });
    for (const actor of [actors.xinyao, actors.zheng]) {
      const n = note(actor);
      await h.executeUpdate(m.noteUpdate, { args: [n.args], updateId: n.updateId });
    }
    const repeat = note(actors.xinyao);
    await h.executeUpdate(m.noteUpdate, { args: [repeat.args], updateId: `${repeat.updateId}-again` });
    const notes = entriesOf(await h.query(m.caseViewQuery), 'note');
    expect(notes.map((e) => e.actor)).toEqual(['mgr-xinyao', 'sup-zheng']);
  }));
