/**
 * A sixth case type is one module: `pet_care` (./pet-care.ts) is known to no shipped file. A worker whose
 * workflows entry registers it (./pet-care-workflows.ts) and an API built with it (`caseTypes`) open, validate,
 * cap and pay it through the real API on a real Temporal, with its policy number's default.
 */
import path from 'node:path';
import { capturePolicy, policySchemaFor } from '../../config/policy';
import { SHIPPED_CASE_TYPES } from '../../workflows/case-types';
import { OpenApiContract } from '../api/openapi-contract';
import { call, harnessSuite, uniqueMemberId } from '../support/api-harness';
import { eventually } from '../support/eventually';
import { oddPolicy } from '../support/odd-policy';
import { petCare } from './pet-care';

const HOUR = 3_600_000;
const FEE = 88_800;

const h = harnessSuite({
  caseTypes: [petCare],
  workflowsPath: path.resolve(__dirname, 'pet-care-workflows.ts'),
});

const petCareBody = (details: Record<string, unknown> = {}, memberId = uniqueMemberId()) => ({
  type: 'pet_care',
  member: { id: memberId, name: 'Lan', tier: 'apass', credit: 'good', managerId: 'mgr-xinyao' },
  summary: 'The sitter skipped the evening walk',
  details: {
    sitterId: 'sitter-3',
    petName: 'Mochi',
    fee: { amount: FEE, currency: 'CNY' },
    visitDate: '2027-03-01',
    ...details,
  },
});
const act = (who: string, id: string, action: string, body?: unknown) =>
  call(h.app, who, 'POST', `/v1/cases/${id}/${action}`, body);

test('opens through the API, waits on the sitter for its policy default, and is listed and documented', async () => {
  const memberId = uniqueMemberId();
  const opened = await call(h.app, 'app', 'POST', '/v1/cases', petCareBody({}, memberId));
  expect(opened.status).toBe(201);
  expect(opened.body).toMatchObject({ type: 'pet_care', status: 'awaiting_callback' });
  // its date, from the shared kit, is the first instant of that day in the policy's zone (Asia/Shanghai)
  expect(opened.body.details).toEqual({ ...petCareBody().details, visitDate: '2027-02-28T16:00:00.000Z' });

  const called = await act('mgr-xinyao', opened.body.id, 'callback');
  expect(called.status).toBe(200);
  expect(called.body.status).toBe('waiting_on_third_party');
  // The default policy file does not know pet_care: the module's default (36h) was captured with the case.
  expect(called.body.timeline.at(-1).text).toContain('waiting on the merchant up to 36h');

  const answered = await act('mgr-xinyao', opened.body.id, 'third-party-response', {
    party: 'merchant',
    outcome: 'accepted',
  });
  expect(answered.status).toBe(200);
  expect(answered.body.timeline.map((e: { kind: string }) => e.kind)).toContain('sitter_answered');

  await eventually('the pet_care case listed, also by its type', async () => {
    const list = await call(h.app, 'sup-zheng', 'GET', `/v1/cases?memberId=${memberId}&type=pet_care`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: opened.body.id, type: 'pet_care' })]);
    return true;
  });
  const unknownType = await call(h.app, 'sup-zheng', 'GET', `/v1/cases?memberId=${memberId}&type=pet_cure`);
  expect(unknownType.status).toBe(400);

  const contract = await OpenApiContract.load(h.app);
  const variants = contract.doc.components.schemas.OpenCaseInput.oneOf;
  expect(
    variants.map((v: { properties: { type: { enum: string[] } } }) => v.properties.type.enum[0]),
  ).toEqual(['dispute', 'lost_goods', 'visa_help', 'travel_cancellation', 'concierge', 'pet_care']);
  expect(contract.doc.components.schemas.CaseView.properties.type.enum).toContain('pet_care');
  expect(contract.problems('POST', '/v1/cases/{id}/callback', called)).toEqual([]);
});

test('price refunds are capped by its fee; a penalty cover pays its sitter', async () => {
  const { body: view } = await call(h.app, 'app', 'POST', '/v1/cases', petCareBody());
  expect((await act('mgr-xinyao', view.id, 'callback')).status).toBe(200);

  const tooMuch = await act('mgr-xinyao', view.id, 'compensations', {
    kind: 'instant_refund',
    amount: { amount: FEE + 1, currency: 'CNY' },
    reason: 'the whole visit and more',
  });
  expect(tooMuch.status).toBe(422);
  expect(tooMuch.body).toEqual({ error: 'limit_exceeded', message: expect.stringContaining('888.00') });

  const refund = await act('mgr-xinyao', view.id, 'compensations', {
    kind: 'instant_refund',
    amount: { amount: FEE, currency: 'CNY' },
    reason: 'the whole visit',
  });
  expect(refund.status).toBe(200);
  expect(refund.body.compensations.at(-1)).toMatchObject({ payee: `member:${view.member.id}` });

  const cover = await act('mgr-xinyao', view.id, 'compensations', {
    kind: 'penalty_cover',
    amount: { amount: 5_000, currency: 'CNY' },
    reason: "the sitter's cancellation fee",
  });
  expect(cover.status).toBe(200);
  expect(cover.body.compensations.at(-1)).toMatchObject({
    kind: 'penalty_cover',
    payee: 'merchant:sitter-3',
  });
});

test.each([
  { what: 'a fee of 0', details: { fee: { amount: 0, currency: 'CNY' } }, field: 'details.fee.amount' },
  { what: 'no pet name', details: { petName: undefined }, field: 'details.petName' },
  { what: "a dispute's field", details: { orderId: 'o-1' }, field: 'details' },
])('details with $what are 400 validation_failed naming $field', async ({ details, field }) => {
  const res = await call(h.app, 'app', 'POST', '/v1/cases', petCareBody(details));
  expect(res.status).toBe(400);
  expect(res.body.error).toBe('validation_failed');
  expect(res.body.details.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
});

test('its policy number is optional in the policy file, and the file may set it', () => {
  const modules = [...SHIPPED_CASE_TYPES, petCare];
  const schema = policySchemaFor(modules);
  const withDefault = capturePolicy(oddPolicy(), 'apass', 0, modules);
  expect(withDefault.caseTypes?.pet_care).toEqual({ sitterResponseWindow: 36 * HOUR });
  const fromFile = schema.parse({
    ...oddPolicyFile(),
    caseTypes: { pet_care: { sitterResponseWindow: '12h' } },
  });
  expect(capturePolicy(fromFile, 'apass', 0, modules).caseTypes?.pet_care).toEqual({
    sitterResponseWindow: 12 * HOUR,
  });
  expect(() =>
    schema.parse({ ...oddPolicyFile(), caseTypes: { pet_care: { sitterWindow: '12h' } } }),
  ).toThrow(/sitterWindow/);
});

/** A policy file with every required field and no caseTypes. */
function oddPolicyFile() {
  const tier = { callbackSla: '7m', resolutionSla: '31h', instantRefundLimit: 1000, managerAuthority: 500 };
  return {
    tiers: { apass_top: tier, apass: tier, super: tier, standard: tier },
    approvalTimeout: '90s',
    followUpWindow: '5d',
  };
}
