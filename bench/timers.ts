/**
 * Timer lag at scale: N open cases, each with a live callback SLA timer, due times spread at a fixed rate after
 * all are open. Each breach escalates the case and the worker POSTs the owner notification (carrying the SLA's
 * due time and when the case saw it breach) to this receiver on loopback.
 */
import { createServer, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { caseIdFor, startCaseRequest } from '../api/cases/open-case';
import { APP, openBody, type Bench } from './ab';

export interface Breach {
  caseId: string;
  level: number;
  dueAtMs: number;
  breachedAtMs: number;
  receivedAtMs: number;
}

export interface Receiver {
  url: string;
  breaches: Breach[];
  close(): Promise<void>;
}

export async function startReceiver(port: number): Promise<Receiver> {
  const breaches: Breach[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const receivedAtMs = Date.now();
      try {
        const n = JSON.parse(body) as {
          caseId: string;
          escalationLevel: number;
          breach?: { dueAt: string; breachedAt: string };
        };
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
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface TimerRun {
  openCases: number;
  openMs: number;
  slaMs: number;
  ratePerSec: number;
  /** First-level breaches: one per case. */
  breaches: Breach[];
  missing: number;
}

/**
 * Opens `n` cases at a steady `ratePerSec` (workflow start only, the API's start call), each with the same
 * callback SLA, long enough that all `n` are open with a live timer when the first falls due; the timers then
 * fall due at that same rate. Waits for every case's first breach notification.
 */
export async function benchTimers(
  b: Bench,
  receiver: Receiver,
  o: { n: number; ratePerSec: number; marginMs: number; log: (line: string) => void },
): Promise<TimerRun> {
  const openingMs = (o.n / o.ratePerSec) * 1000;
  const slaMs = Math.round(openingMs + o.marginMs);
  const policy = {
    ...b.policy,
    tiers: { ...b.policy.tiers, standard: { ...b.policy.tiers.standard, callbackSlaMs: slaMs } },
  };
  const ids = new Set<string>();
  const t0 = Date.now();
  let errors = 0;
  let firstError: string | undefined;
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < o.n; i += 1) {
    const wait = t0 + (i * 1000) / o.ratePerSec - Date.now();
    if (wait > 0) await sleep(wait);
    // A backlog beyond 256 starts means the server cannot keep up with the rate: wait rather than pile on.
    while (inFlight.size >= 256) await Promise.race(inFlight);
    const caseId = caseIdFor(APP.id, undefined);
    const start = startCaseRequest({
      caseId,
      body: openBody('standard'),
      openedBy: APP,
      roster: b.roster,
      policy,
      now: Date.now(),
    });
    const p: Promise<void> = b.cases.start(start).then(
      () => void ids.add(caseId),
      (err: unknown) => {
        errors += 1;
        firstError ??= String(err);
      },
    );
    const tracked = p.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  }
  await Promise.all(inFlight);
  const openMs = Date.now() - t0;
  o.log(`timers: opened ${ids.size} cases in ${openMs} ms (${errors} errors); SLA ${slaMs} ms`);
  if (firstError) o.log(`timers: first open error: ${firstError}`);

  const deadline = t0 + slaMs + openMs + 120_000;
  const firsts = () => receiver.breaches.filter((x) => x.level === 1 && ids.has(x.caseId));
  let lastLog = 0;
  while (Date.now() < deadline && firsts().length < ids.size) {
    await sleep(500);
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      o.log(`timers: ${firsts().length}/${ids.size} first breaches notified`);
    }
  }
  const breaches = firsts();
  return {
    openCases: ids.size,
    openMs,
    slaMs,
    ratePerSec: o.ratePerSec,
    breaches,
    missing: ids.size - new Set(breaches.map((x) => x.caseId)).size,
  };
}
