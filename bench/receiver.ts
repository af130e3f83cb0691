/**
 * The bench's notification receiver: a webhook on loopback that the worker POSTs owner notifications to. It keeps
 * each SLA breach (its due time, when the case saw it, when it arrived) and when each case's assignment arrived.
 */
import { createServer, type Server } from 'node:http';

export interface Breach {
  caseId: string;
  level: number;
  dueAtMs: number;
  breachedAtMs: number;
  receivedAtMs: number;
}

/**
 * The first breach notification at `level` of each of `caseIds`, in the order they arrived: a notification the
 * worker posted again (its first answer timed out) is the same breach, not another case's.
 */
export function firstBreaches(
  breaches: readonly Breach[],
  level: number,
  caseIds: ReadonlySet<string>,
): Breach[] {
  const first = new Map<string, Breach>();
  for (const x of breaches)
    if (x.level === level && caseIds.has(x.caseId) && !first.has(x.caseId)) first.set(x.caseId, x);
  return [...first.values()];
}

export interface Receiver {
  url: string;
  breaches: Breach[];
  /** When each case's `assigned` notification (sent by the activity its first workflow task scheduled) arrived. */
  assigned: Map<string, number>;
  close(): Promise<void>;
}

export async function startReceiver(port: number): Promise<Receiver> {
  const breaches: Breach[] = [];
  const assigned = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const receivedAtMs = Date.now();
      try {
        const n = JSON.parse(body) as {
          caseId: string;
          escalationLevel: number;
          trigger?: string;
          breach?: { dueAt: string; breachedAt: string };
        };
        if (n.trigger === 'assigned') assigned.set(n.caseId, receivedAtMs);
        if (n.breach) {
          breaches.push({
            caseId: n.caseId,
            level: n.escalationLevel,
            dueAtMs: Date.parse(n.breach.dueAt),
            breachedAtMs: Date.parse(n.breach.breachedAt),
            receivedAtMs,
          });
        }
      } catch {
        // not ours
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/notify`,
    breaches,
    assigned,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
