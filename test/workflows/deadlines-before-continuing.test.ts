/**
 * A run that is due to continue as new waits until no handler runs and no activity is in flight, which can take
 * minutes (a payment rail slow to answer, a webhook retried). A deadline falling due meanwhile is acted on at its
 * time, in that run, not once the wait is over.
 */
import type { FaultInjector } from '../../activities/adapters/dev-edges';
import * as m from '../../workflows/messages';
import { actors, openInput, reassignTo } from '../support/cases';
import { view } from '../support/case-views';
import { eventually } from '../support/eventually';
import { oddPolicy } from '../support/odd-policy';
import { cny, devServerSuite, withWorker, type WorkerContext } from '../support/workflow-harness';

const suite = devServerSuite();

test('a resolution breach falling due while the run waits to continue as new escalates at its time, and so does the fresh window it sets', async () => {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const slowRail: FaultInjector = {
    async before(operation) {
      if (operation === 'pay') await released;
    },
  };
  await withWorker(suite.env, { name: 'breach-before-can', faults: slowRail }, (ctx) =>
    // However it ends, the rail answers: a worker does not stop while its activity hangs.
    breachWhilePaying(ctx, release).finally(release),
  );
});

async function breachWhilePaying(ctx: WorkerContext, release: () => void) {
  const input = openInput({ policy: oddPolicy({ tiers: { apass: { resolutionSla: '8s' } } }) });
  input.historyEventsPerRun = 20;
  const h = await ctx.start(input);
  await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
  const dueAt = Date.parse((await view(h)).sla.resolution.dueAt!);
  // Within the odd policy's instant refund limit: the payment starts at once, and hangs on the rail.
  const paying = h.executeUpdate(m.proposeCompensationUpdate, {
    args: [{ actor: actors.xinyao, kind: 'instant_refund', amount: cny(12_345), reason: 'late car' }],
  });
  const { runId } = await h.describe();
  for (let i = 0; (await h.describe()).historyLength <= input.historyEventsPerRun; i += 1) {
    await h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.xinyao, text: `note ${i}` }] });
  }

  const breached = await eventually(
    'the resolution breach, while the payment hangs',
    async () => {
      const v = await view(h);
      return v.sla.resolution.breached ? v : undefined;
    },
    { timeoutMs: 15_000, intervalMs: 200 },
  );
  expect(Date.now()).toBeGreaterThanOrEqual(dueAt);
  expect(breached.escalationLevel).toBe(1);
  expect(breached.compensations[0]?.status).toBe('executing');
  expect((await h.describe()).runId).toBe(runId);
  // The new owner's fresh window, set by that breach, falls due in the same wait and climbs again.
  const climbed = await eventually(
    'the breach of the fresh window, while the payment still hangs',
    async () => {
      const v = await view(h);
      return v.escalationLevel === 2 ? v : undefined;
    },
    { timeoutMs: 15_000, intervalMs: 200 },
  );
  expect(climbed.compensations[0]?.status).toBe('executing');
  expect((await h.describe()).runId).toBe(runId);

  release();
  expect((await paying).compensations[0]?.status).toBe('executed');
  await eventually('the next run', async () => (await h.describe()).runId !== runId);
  const after = await view(h);
  expect(after.escalationLevel).toBe(2);
  expect(after.timeline.filter((e) => e.kind === 'sla_breached')).toHaveLength(2);
}

test('a run due to continue as new from its first task sets the timers of its deadlines while it waits', async () => {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  // The owner's pager hangs: the `assigned` notification stays in flight, so the run cannot continue as new yet.
  const hangingPager = { notifyOwner: () => released };
  await withWorker(suite.env, { name: 'timers-before-can', activities: hangingPager }, async (ctx) => {
    try {
      const input = openInput({ policy: oddPolicy({ tiers: { apass: { callbackSla: '3s' } } }) });
      input.historyEventsPerRun = 2; // past it at the first workflow task
      const h = await ctx.start(input);
      const { runId } = await h.describe();
      const breached = await eventually(
        'the callback breach, while the notification hangs',
        async () => {
          const v = await view(h);
          return v.sla.callback.breached ? v : undefined;
        },
        { timeoutMs: 20_000, intervalMs: 200 },
      );
      expect(breached.escalationLevel).toBe(1);
      expect((await h.describe()).runId).toBe(runId);
    } finally {
      release();
    }
  });
});

test('an action arriving while the run waits to continue as new has its effects now: the new owner is told while the payment hangs', async () => {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const slowRail: FaultInjector = {
    async before(operation) {
      if (operation === 'pay') await released;
    },
  };
  await withWorker(suite.env, { name: 'action-before-can', faults: slowRail }, async (ctx) => {
    try {
      const input = openInput({ policy: oddPolicy() });
      input.historyEventsPerRun = 20;
      const h = await ctx.start(input);
      await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
      const paying = h.executeUpdate(m.proposeCompensationUpdate, {
        args: [{ actor: actors.xinyao, kind: 'instant_refund', amount: cny(12_345), reason: 'late car' }],
      });
      const { runId } = await h.describe();
      for (let i = 0; (await h.describe()).historyLength <= input.historyEventsPerRun; i += 1) {
        await h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.xinyao, text: `note ${i}` }] });
      }
      await h.executeUpdate(m.reassignUpdate, { args: [reassignTo('mgr-qiu', 'on leave')] });
      const told = await eventually(
        'the reassignment notification, while the payment hangs',
        () => ctx.notifications.find((n) => n.trigger === 'reassignment'),
        { timeoutMs: 15_000, intervalMs: 200 },
      );
      expect(told.owner.id).toBe('mgr-qiu');
      expect((await view(h)).compensations[0]?.status).toBe('executing');
      expect((await h.describe()).runId).toBe(runId);

      release();
      expect((await paying).compensations[0]?.status).toBe('executed');
      await eventually('the next run', async () => (await h.describe()).runId !== runId);
      expect(ctx.notifications.filter((n) => n.trigger === 'reassignment')).toHaveLength(1);
    } finally {
      release();
    }
  });
});
