/**
 * The requests the API takes, restated from API.md (plus the project's documented limits) as a small model
 * that is NOT the production zod schemas: the fields of every body and query, and the role gates. The property
 * tests hold the API to it, through its siblings: request-rules.ts judges arbitrary JSON by it,
 * request-valid-values.ts generates valid requests, request-mutations.ts mutations known to be invalid (with the
 * field the 400 must name), and request-headers.ts covers the Idempotency-Key header.
 */
/** The dev roster's managers (README's table); any other id is not a manager. */
export const MANAGERS = ['mgr-xinyao', 'mgr-lin', 'mgr-qiu'] as const;

export type Field =
  | { kind: 'id' }
  | { kind: 'code' }
  | { kind: 'text'; max: number }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'money'; positive: boolean }
  | { kind: 'date' }
  | { kind: 'instant' }
  | { kind: 'dateOrInstant' }
  | { kind: 'object'; fields: Record<string, Field>; optional?: readonly string[] }
  | { kind: 'array'; of: Field; min: number; max: number };

const id: Field = { kind: 'id' };
const text = (max: number): Field => ({ kind: 'text', max });
const oneOf = (...values: string[]): Field => ({ kind: 'enum', values });
const object = (fields: Record<string, Field>, optional: string[] = []): Field => ({
  kind: 'object',
  fields,
  optional,
});
const price: Field = { kind: 'money', positive: true };

const member = object({
  id,
  name: text(200),
  tier: oneOf('apass_top', 'apass', 'super', 'standard'),
  credit: oneOf('good', 'fair', 'restricted'),
  managerId: oneOf(...MANAGERS),
});
const booking = object({ bookingId: id, merchantId: id, price });

export const CASE_DETAILS: Record<string, Field> = {
  dispute: object({
    orderId: id,
    merchantId: id,
    price,
    issue: oneOf('missing_part', 'not_as_described', 'damaged', 'refused_repair', 'other'),
  }),
  lost_goods: object(
    {
      orderId: id,
      merchantId: id,
      price,
      carrier: text(100),
      trackingNo: text(100),
      neededBy: { kind: 'instant' },
    },
    ['carrier', 'trackingNo', 'neededBy'],
  ),
  visa_help: object(
    {
      destination: text(100),
      travelers: { kind: 'array', of: object({ name: text(200), relation: text(50) }), min: 1, max: 20 },
      departureDate: { kind: 'dateOrInstant' },
      visaStatus: oneOf('administrative_review', 'refused', 'pending'),
      trip: booking,
    },
    ['trip'],
  ),
  travel_cancellation: object(
    {
      bookingId: id,
      merchantId: id,
      price,
      departureDate: { kind: 'dateOrInstant' },
      penalty: { kind: 'money', positive: false },
      reason: text(1000),
      additionalBookings: { kind: 'array', of: booking, min: 0, max: 10 },
    },
    ['penalty', 'reason', 'additionalBookings'],
  ),
  concierge: object({ request: text(2000) }),
};
export const CASE_TYPES = Object.keys(CASE_DETAILS);

/** POST /v1/cases of one type: `type` is fixed, the rest is the model. */
export const openCaseSpec = (type: string) =>
  object({ member, summary: text(500), details: CASE_DETAILS[type]! }) as Extract<Field, { kind: 'object' }>;

const note = text(2000);
const reason = text(2000);

/** API.md's role gates: the roles that may take each action (its path under /v1/cases/{id}/). */
export const ACTION_ROLES: Record<string, string[]> = {
  callback: ['manager', 'supervisor', 'head'],
  notes: ['manager', 'supervisor', 'head'],
  wait: ['manager', 'supervisor', 'head'],
  resume: ['manager', 'supervisor', 'head', 'system'],
  'third-party-response': ['manager', 'supervisor', 'head'],
  compensations: ['manager', 'supervisor', 'head'],
  'compensations/:compensationId/approve': ['supervisor', 'head'],
  'compensations/:compensationId/reject': ['supervisor', 'head'],
  'compensations/:compensationId/recheck': ['supervisor', 'head'],
  escalate: ['manager', 'supervisor', 'head', 'system'],
  reassign: ['supervisor', 'head'],
  resolve: ['manager', 'supervisor', 'head'],
  reopen: ['supervisor', 'head', 'system'],
  rate: ['system'],
  cancel: ['supervisor', 'head', 'system'],
};

/** A dev roster principal of each role. */
export const PRINCIPAL_OF_ROLE: Record<string, string> = {
  system: 'app',
  manager: 'mgr-xinyao',
  supervisor: 'sup-zheng',
  head: 'head-dai',
  engineer: 'eng-1',
};

/** Every action body of API.md's table (third-party-response has one variant per party). */
export const ACTION_BODIES: Record<string, Extract<Field, { kind: 'object' }>[]> = {
  callback: [object({ note }, ['note']) as never],
  notes: [object({ text: text(4000) }) as never],
  wait: [object({ on: oneOf('member', 'third_party'), reason }) as never],
  resume: [object({ note }, ['note']) as never],
  'third-party-response': [
    object({ party: oneOf('merchant'), outcome: oneOf('accepted', 'refused'), note }, ['note']) as never,
    object({ party: oneOf('carrier'), outcome: oneOf('found', 'lost'), note }, ['note']) as never,
    object({ party: oneOf('consulate'), outcome: oneOf('approved', 'denied'), note }, ['note']) as never,
  ],
  compensations: [
    object({
      kind: oneOf(
        'instant_refund',
        'advance_refund',
        'goodwill_gift',
        'substitute_purchase',
        'penalty_cover',
        'reship',
      ),
      amount: price,
      reason,
    }) as never,
  ],
  'compensations/c1/approve': [object({ note }, ['note']) as never],
  'compensations/c1/reject': [object({ reason }) as never],
  escalate: [object({ reason }) as never],
  reassign: [object({ managerId: oneOf(...MANAGERS), reason }) as never],
  resolve: [object({ code: { kind: 'code' }, summary: text(2000) }) as never],
  reopen: [object({ reason }) as never],
  rate: [object({ score: { kind: 'int', min: 1, max: 5 }, comment: text(2000) }, ['comment']) as never],
  cancel: [object({ reason }) as never],
};

/** GET /v1/cases query parameters, every one optional; values as they appear in the query string. */
export const LIST_QUERY = object(
  {
    status: oneOf(
      'awaiting_callback',
      'in_progress',
      'waiting_on_member',
      'waiting_on_third_party',
      'resolved',
      'closed',
      'cancelled',
    ),
    type: oneOf(...CASE_TYPES),
    assigneeId: id,
    memberId: id,
    tier: oneOf('apass_top', 'apass', 'super', 'standard'),
    breached: oneOf('true'),
    awaitingApproval: oneOf('true'),
    escalationLevel: oneOf('0', '1', '2', '3'),
    pageSize: { kind: 'enum', values: Array.from({ length: 200 }, (_, i) => String(i + 1)) },
  },
  [
    'status',
    'type',
    'assigneeId',
    'memberId',
    'tier',
    'breached',
    'awaitingApproval',
    'escalationLevel',
    'pageSize',
  ],
) as Extract<Field, { kind: 'object' }>;
