/**
 * The notifyOwner activity refuses, for good, a warning whose clock fell due before a try of it ran (a pager
 * that was down through its tries): "about to breach" would no longer be true. Other notifications go whenever.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import type { OwnerNotification } from '../../workflows/notices';
import { testActivities } from '../support/activities';

const notice = (trigger: OwnerNotification['trigger'], dueInMs: number): OwnerNotification => ({
  caseId: 'case-warning-1',
  owner: { id: 'mgr-xinyao', role: 'manager' },
  escalationLevel: 0,
  reason: 'callback is about to breach',
  idempotencyKey: `case-warning-1/owner/${trigger}`,
  trigger,
  clock: 'callback',
  dueAt: new Date(Date.now() + dueInMs).toISOString(),
});

test('a warning past its due time is refused, not retried, and not sent', async () => {
  const { activities, notifications } = testActivities();
  const failure = await new MockActivityEnvironment()
    .run(activities.notifyOwner, notice('sla_warning', -1_000))
    .catch((err: unknown) => err);
  expect(failure).toBeInstanceOf(ApplicationFailure);
  expect(failure).toMatchObject({ type: 'warning_past_due', nonRetryable: true });
  expect(notifications).toEqual([]);
});

test('a warning ahead of its due time, and an assignment past it, are sent', async () => {
  const { activities, notifications } = testActivities();
  const env = new MockActivityEnvironment();
  await env.run(activities.notifyOwner, notice('sla_warning', 60_000));
  await env.run(activities.notifyOwner, notice('assigned', -1_000));
  expect(notifications.map((n) => n.trigger)).toEqual(['sla_warning', 'assigned']);
});
