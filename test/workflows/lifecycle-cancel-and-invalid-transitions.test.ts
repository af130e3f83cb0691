/**
 * The common case lifecycle (DOMAIN.md), its other ends: a case is cancelled (by the member, or a supervisor
 * before the callback) but not once resolved; invalid transitions answer `invalid_transition` and change
 * nothing. The path from opening to closing is in lifecycle.test.ts.
 */
import { SA } from '../../workflows/search-attributes';
import * as m from '../../workflows/messages';
import { asView, count, lastEntry, view } from '../support/case-views';
import { actors } from '../support/cases';
import { rejectionOf } from '../support/update-rejections';
import { timeSkippingSuite, withWorker } from '../support/workflow-harness';

const suite = timeSkippingSuite();

describe('cancel', () => {
  test('the member withdraws: cancelled, and the workflow completes', () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.open();
      await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
      const v = await h.executeUpdate(m.cancelUpdate, {
        args: [{ actor: actors.app, reason: 'member fixed it' }],
      });
      expect(v.status).toBe('cancelled');
      const cancelledAt = lastEntry(v, 'cancelled');
      expect(cancelledAt).toMatchObject({ actor: 'app', text: 'cancelled: member fixed it' });
      expect(v.closedAt).toBe(cancelledAt.at);
      expect(v.nextDueAt).toBeNull();

      const final = await h.result();
      expect(final.status).toBe('cancelled');
      expect(final.closedAt).toBe(cancelledAt.at);
      const described = await h.describe();
      expect(described.status.name).toBe('COMPLETED');
      expect(described.typedSearchAttributes.get(SA.status)).toBe('cancelled');
    }));

  test('a supervisor may cancel before the callback; no breach follows', () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.open();
      const v = await h.executeUpdate(m.cancelUpdate, {
        args: [{ actor: actors.zheng, reason: 'duplicate' }],
      });
      expect(v.status).toBe('cancelled');
      const final = await h.result();
      expect(count(final, 'sla_breached')).toBe(0);
      expect(final.escalationLevel).toBe(0);
    }));

  test('a resolved case cannot be cancelled', () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.open();
      await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
      const resolved = await h.executeUpdate(m.resolveUpdate, {
        args: [{ actor: actors.xinyao, code: 'done', summary: 'ok' }],
      });
      const failure = await rejectionOf(
        h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'too late' }] }),
        'invalid_transition',
      );
      expect(failure.message).toBe('cannot cancel a case that is resolved');
      expect(await view(h)).toEqual(asView(resolved));
    }));
});

describe('invalid transitions answer invalid_transition and change nothing', () => {
  test('resolve before callback, callback twice, resume when not waiting, wait on the member twice, ...', () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.open();
      const opened = await view(h);

      const resolveEarly = await rejectionOf(
        h.executeUpdate(m.resolveUpdate, { args: [{ actor: actors.xinyao, code: 'done', summary: 'x' }] }),
        'invalid_transition',
      );
      expect(resolveEarly.message).toBe('cannot resolve a case that is awaiting_callback');
      await rejectionOf(
        h.executeUpdate(m.waitUpdate, { args: [{ actor: actors.xinyao, on: 'member', reason: 'x' }] }),
        'invalid_transition',
      );
      await rejectionOf(
        h.executeUpdate(m.reopenUpdate, { args: [{ actor: actors.app, reason: 'x' }] }),
        'invalid_transition',
      );
      await rejectionOf(
        h.executeUpdate(m.rateUpdate, { args: [{ actor: actors.app, score: 4 }] }),
        'invalid_transition',
      );
      expect(await view(h)).toEqual(opened);

      const working = await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
      const twice = await rejectionOf(
        h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] }),
        'invalid_transition',
      );
      expect(twice.message).toBe('cannot callback a case that is in_progress');
      await rejectionOf(
        h.executeUpdate(m.resumeUpdate, { args: [{ actor: actors.xinyao }] }),
        'invalid_transition',
      );
      expect(await view(h)).toEqual(asView(working));

      const waiting = await h.executeUpdate(m.waitUpdate, {
        args: [{ actor: actors.xinyao, on: 'member', reason: 'x' }],
      });
      const again = await rejectionOf(
        h.executeUpdate(m.waitUpdate, { args: [{ actor: actors.xinyao, on: 'member', reason: 'y' }] }),
        'invalid_transition',
      );
      expect(again.message).toBe('the case is already waiting_on_member');
      await rejectionOf(
        h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] }),
        'invalid_transition',
      );
      expect(await view(h)).toEqual(asView(waiting));
    }));
});
