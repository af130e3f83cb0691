/**
 * Arranging cases for the authorization tables (authorization-matrix.test.ts, authorization-escalated.test.ts):
 * a case opened by the platform (by default for mgr-xinyao's member), then moved into the state an action needs
 * by someone allowed to. A step that does not answer its success status fails the arrangement.
 */
import type { FastifyInstance } from 'fastify';
import { call, conciergeBody } from '../support/api-harness';

export interface Arranged {
  caseId: string;
  compensationId?: string;
}

/** The arranging steps on `h.app`, read when a step runs: a suite's harness may be passed before it starts. */
export function caseArrangers(h: { readonly app: FastifyInstance }) {
  const act = async (who: string, id: string, action: string, body: unknown = {}) => {
    const res = await call(h.app, who, 'POST', `/v1/cases/${id}/${action}`, body);
    if (res.status !== 200)
      throw new Error(`arrange: ${action} answered ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  const open = async (body: unknown = conciergeBody({ managerId: 'mgr-xinyao' })): Promise<string> => {
    const res = await call(h.app, 'app', 'POST', '/v1/cases', body);
    if (res.status !== 201)
      throw new Error(`arrange: open answered ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  };

  const inProgress = async (body?: unknown) => {
    const caseId = await open(body);
    await act('mgr-xinyao', caseId, 'callback');
    return caseId;
  };

  /** A gift above the apass manager authority, proposed by the assignee: it waits for a supervisor or the head. */
  const pendingApproval = async (): Promise<Arranged> => {
    const caseId = await inProgress();
    const view = await act('mgr-xinyao', caseId, 'compensations', {
      kind: 'goodwill_gift',
      amount: { amount: 300000, currency: 'CNY' },
      reason: 'a silk scarf for the trouble',
    });
    const compensation = view.compensations.at(-1);
    if (compensation.status !== 'pending_approval')
      throw new Error(`arrange: gift is ${compensation.status}`);
    return { caseId, compensationId: compensation.id };
  };

  const resolved = async () => {
    const caseId = await inProgress();
    await act('mgr-xinyao', caseId, 'resolve', { code: 'done', summary: 'sorted' });
    return caseId;
  };

  return { act, open, inProgress, pendingApproval, resolved };
}
