/** Task priority by tier: an `apass_top` case's tasks are matched before a standard member's under a backlog. */
import { TIER_PRIORITY_KEYS } from '../../workflows/priority';
import { conciergeBody, harnessSuite, openCase } from '../support/api-harness';

const h = harnessSuite();

test('a case starts with its tier priority: apass_top first, standard last, super at the default', async () => {
  const keys: Record<string, number | undefined> = {};
  for (const tier of ['apass_top', 'super', 'standard'] as const) {
    const view = await openCase(h.app, conciergeBody({ tier }));
    const described = await h.env.client.workflow.getHandle(view.id as string).describe();
    keys[tier] = described.priority?.priorityKey;
  }
  expect(keys).toEqual({ apass_top: 1, super: 3, standard: 4 });
  expect(TIER_PRIORITY_KEYS.apass_top).toBeLessThan(TIER_PRIORITY_KEYS.apass);
});
