import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createActivities } from '../../activities';
import { createDevEdges, type DevEdges, type FaultInjector } from '../../activities/adapters/dev-edges';
import type { Notifier, OwnerNotification } from '../../activities/adapters/notifier';

/** Real dev edges in a fresh temp DATA_DIR, a recording notifier, optional injected faults. */
export function testActivities(options: { faults?: FaultInjector; dataDir?: string } = {}) {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'concierge-test-'));
  const notifications: OwnerNotification[] = [];
  const notifier: Notifier = {
    async notifyOwner(n) {
      notifications.push(n);
    },
  };
  const edges: DevEdges = createDevEdges(dataDir, options.faults);
  return { activities: createActivities({ notifier, edges }), edges, notifications, dataDir };
}
