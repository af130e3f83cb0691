/**
 * History events per case: each type's main path driven through the API (open, callback, the third party's
 * answer, resolve), counted once the case is idle; and the events 100 manager actions (notes) add to a case.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { APP, MANAGER, openViaApi, settle, type Bench } from './ab';
import { CALL_TIMEOUT_MS, openFloor } from './floor-open';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function api(b: Bench, method: string, url: string, token: string, body?: unknown): Promise<Json> {
  const res = await fetch(`${b.stack.apiBase}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as Json;
  if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

const price = { amount: 420000, currency: 'CNY' };
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

const MAIN_PATHS: Record<string, { details: Json; answer?: { party: string; outcome: string } }> = {
  concierge: { details: { request: 'Recover lost wedding photos' } },
  dispute: {
    details: { orderId: 'o-1', merchantId: 'shop-1', price, issue: 'missing_part' },
    answer: { party: 'merchant', outcome: 'accepted' },
  },
  lost_goods: {
    details: { orderId: 'o-2', merchantId: 'shop-2', price },
    answer: { party: 'carrier', outcome: 'found' },
  },
  visa_help: {
    details: {
      destination: 'JP',
      travelers: [{ name: 'Lily', relation: 'self' }],
      departureDate: inDays(30),
      visaStatus: 'pending',
    },
    answer: { party: 'consulate', outcome: 'approved' },
  },
  travel_cancellation: {
    details: { bookingId: 'b-1', merchantId: 'tour-1', price, departureDate: inDays(30) },
    answer: { party: 'merchant', outcome: 'accepted' },
  },
};

/** Events in the case's history once nothing is pending (no activity, no workflow task) and the count holds. */
async function idleEventCount(b: Bench, caseId: string): Promise<number> {
  const handle = b.stack.client.workflow.getHandle(caseId);
  const deadline = Date.now() + 60_000;
  let previous = -1;
  for (;;) {
    const d = await handle.describe();
    const idle = (d.raw.pendingActivities?.length ?? 0) === 0 && !d.raw.pendingWorkflowTask;
    const count = d.historyLength;
    if (idle && count === previous) return count;
    previous = idle ? count : -1;
    if (Date.now() > deadline) throw new Error(`case ${caseId} did not go idle`);
    await sleep(300);
  }
}

async function untilStatus(b: Bench, caseId: string, token: string, status: string): Promise<Json> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const view = await api(b, 'GET', `/v1/cases/${caseId}`, token);
    if (view.status === status) return view;
    if (Date.now() > deadline) throw new Error(`case ${caseId} stayed ${view.status}, never ${status}`);
    await sleep(200);
  }
}

export async function benchEvents(
  b: Bench,
): Promise<{ perType: Record<string, number>; per100Actions: number }> {
  const app = b.roster.get(APP.id)!.token!;
  const mgr = b.roster.get(MANAGER.id)!.token!;
  const perType: Record<string, number> = {};
  for (const [type, path] of Object.entries(MAIN_PATHS)) {
    const opened = await api(b, 'POST', '/v1/cases', app, {
      type,
      member: { id: `m-events-${type}`, name: 'Lily', tier: 'super', credit: 'good', managerId: MANAGER.id },
      summary: `${type} main path`,
      details: path.details,
    });
    const id = opened.id as string;
    await api(b, 'POST', `/v1/cases/${id}/callback`, mgr, { note: 'reached the member' });
    if (path.answer) {
      await untilStatus(b, id, mgr, 'waiting_on_third_party');
      await api(b, 'POST', `/v1/cases/${id}/third-party-response`, mgr, path.answer);
    }
    const view = await api(b, 'GET', `/v1/cases/${id}`, mgr);
    if (view.status !== 'resolved') {
      await api(b, 'POST', `/v1/cases/${id}/resolve`, mgr, { code: 'done', summary: 'main path done' });
    }
    perType[type] = await idleEventCount(b, id);
  }

  const opened = await api(b, 'POST', '/v1/cases', app, {
    type: 'concierge',
    member: { id: 'm-events-actions', name: 'Lily', tier: 'super', credit: 'good', managerId: MANAGER.id },
    summary: '100 manager actions',
    details: { request: 'many notes' },
  });
  const id = opened.id as string;
  await api(b, 'POST', `/v1/cases/${id}/callback`, mgr, {});
  const before = await idleEventCount(b, id);
  for (let i = 0; i < 100; i += 1) await api(b, 'POST', `/v1/cases/${id}/notes`, mgr, { text: `note ${i}` });
  const per100Actions = (await idleEventCount(b, id)) - before;
  return { perType, per100Actions };
}

/** The events of a history by type (`workflowExecutionStarted: 1, ...`), from each event's attributes field. */
async function eventTypes(client: Bench['stack']['client'], id: string): Promise<Record<string, number>> {
  const history = await client.workflow.getHandle(id).fetchHistory();
  const types: Record<string, number> = {};
  for (const e of history.events ?? []) {
    const key = Object.keys(e).find((k) => k.endsWith('EventAttributes') && (e as Json)[k] != null);
    let type = key?.replace(/EventAttributes$/, '') ?? 'unknown';
    // Which attributes an upsert writes (the case's index, or the SDK's TemporalChangeVersion for a patch).
    const upserted = e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields;
    if (upserted) type += `(${Object.keys(upserted).sort().join(' ')})`;
    types[type] = (types[type] ?? 0) + 1;
  }
  return types;
}

export interface OpeningHistories {
  /** A case opened through the API, once its opening work is done (its owner told). */
  api: Record<string, number>;
  floor: Record<string, number>;
}

/** What one opening writes to Temporal: the case's history by event type against the floor's. */
export async function openingHistories(b: Bench): Promise<OpeningHistories> {
  const id = await openViaApi(b);
  await settle(b, [id]);
  const api = await eventTypes(b.stack.client, id);
  const floorId = await openFloor(b.stack.floorClient, CALL_TIMEOUT_MS);
  return { api, floor: await eventTypes(b.stack.floorClient, floorId) };
}
