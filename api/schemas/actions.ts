/** Bodies of POST /v1/cases/{id}/{action} (API.md's action table). */
import { z } from 'zod';
import { COMPENSATION_KINDS, THIRD_PARTIES, THIRD_PARTY_OUTCOMES } from '../../workflows/domain';
import { id, positiveMoney, text } from './common';

const note = text(2000).optional();
const reason = text(2000);

export const actionBodies = {
  callback: z.strictObject({ note }),
  notes: z.strictObject({ text: text(4000) }),
  wait: z.strictObject({ on: z.enum(['member', 'third_party']), reason }),
  resume: z.strictObject({ note }),
  thirdPartyResponse: z.strictObject({
    party: z.enum(THIRD_PARTIES),
    outcome: z.enum(THIRD_PARTY_OUTCOMES),
    note,
  }),
  proposeCompensation: z.strictObject({ kind: z.enum(COMPENSATION_KINDS), amount: positiveMoney, reason }),
  approveCompensation: z.strictObject({ note }),
  rejectCompensation: z.strictObject({ reason }),
  escalate: z.strictObject({ reason }),
  reassign: z.strictObject({ managerId: id.describe('a manager in the roster'), reason }),
  resolve: z.strictObject({
    code: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'a short code such as "refunded" or "remedy_delivered"'),
    summary: text(2000),
  }),
  reopen: z.strictObject({ reason }),
  rate: z.strictObject({ score: z.number().int().min(1).max(5), comment: text(2000).optional() }),
  cancel: z.strictObject({ reason }),
};

export const caseParams = z.strictObject({ id });
export const compensationParams = z.strictObject({ id, compensationId: id });
