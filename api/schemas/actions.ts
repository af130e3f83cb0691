/** Bodies of POST /v1/cases/{id}/{action} (API.md's action table). */
import { z } from 'zod';
import type { ActionName } from '../../workflows/actions';
import { COMPENSATION_KINDS, THIRD_PARTY_ANSWERS, type ThirdParty } from '../../workflows/domain';
import { id, idempotencyKeyHeaders, managerId, positiveMoney, text } from './common';

const note = text(2000).optional();
const reason = text(2000);

/** Each party answers with its own outcomes (the workflow checks the same pairs again). */
const answer = <P extends ThirdParty>(party: P) =>
  z.strictObject({ party: z.literal(party), outcome: z.enum(THIRD_PARTY_ANSWERS[party]), note });

/**
 * The body of each action of the catalogue (workflows/actions.ts), under its name: a missing or extra entry does
 * not compile. A body is what the client sends; api/cases/actions.ts makes the update's argument of it.
 */
export const actionBodies = {
  callback: z.strictObject({ note }),
  notes: z.strictObject({ text: text(4000) }),
  wait: z.strictObject({ on: z.enum(['member', 'third_party']), reason }),
  resume: z.strictObject({ note }),
  'third-party-response': z.discriminatedUnion('party', [
    answer('merchant'),
    answer('carrier'),
    answer('consulate'),
  ]),
  compensations: z.strictObject({ kind: z.enum(COMPENSATION_KINDS), amount: positiveMoney, reason }),
  approve: z.strictObject({ note }),
  reject: z.strictObject({ reason }),
  recheck: z.strictObject({ note }),
  escalate: z.strictObject({ reason }),
  reassign: z.strictObject({ managerId, reason }),
  resolve: z.strictObject({
    code: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'a short code such as "refunded" or "remedy_delivered"'),
    summary: text(2000),
  }),
  reopen: z.strictObject({ reason }),
  rate: z.strictObject({ score: z.number().int().min(1).max(5), comment: text(2000).optional() }),
  cancel: z.strictObject({ reason }),
} satisfies { [K in ActionName]: z.ZodType };

export const caseParams = z.strictObject({ id });
export const compensationParams = z.strictObject({ id, compensationId: id });

export const actionHeaders = idempotencyKeyHeaders(
  'a retry with the same key, action and body is applied once and answers 200 with the case view',
);
