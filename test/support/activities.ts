import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createActivities } from '../../activities';
import { createDevEdges, type DevEdges, type FaultInjector } from '../../activities/adapters/dev-edges';
import type { Notifier, OwnerNotification } from '../../activities/adapters/notifier';

/**
 * Real dev edges in a fresh temp DATA_DIR, a recording notifier, optional injected faults: the edges' own, and
 * a pager that is down for its first `failedNotifications` calls.
 */
export function testActivities(
  options: { faults?: FaultInjector; dataDir?: string; failedNotifications?: number } = {},
) {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'concierge-test-'));
  const notifications: OwnerNotification[] = [];
  let failuresLeft = options.failedNotifications ?? 0;
  const notifier: Notifier = {
    async notifyOwner(n) {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('notification webhook answered 503');
      }
      notifications.push(n);
    },
  };
  const edges: DevEdges = createDevEdges(dataDir, options.faults);
  return { activities: createActivities({ notifier, edges }), edges, notifications, dataDir };
}
