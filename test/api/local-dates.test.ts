/**
 * A date without a time of day in an opening's details (a departure on "2030-03-10") is the start of that day
 * where the service's members live (the policy's `dateTimeZone`, Asia/Shanghai in the shipped policy), not UTC
 * midnight eight hours later: the case stores that instant, and every deadline counted from it starts there.
 */
import { CaseTypeRegistry, SHIPPED_CASE_TYPES } from '../../workflows/case-types';
import { buildApp } from '../../api/app';
import { resolveLocalDates } from '../../api/cases/local-dates';
import { openCaseBodyFor } from '../../api/schemas/open-case';
import { call, caseBody, harnessSuite, openCase, policy, roster, TEMPORAL_UI } from '../support/api-harness';
import { testPolicy } from '../support/policy';
import { TEST_PAYLOAD_KEYS } from '../support/temporal';
import { eventually } from '../support/eventually';

const h = harnessSuite();
const registry = new CaseTypeRegistry(SHIPPED_CASE_TYPES);
const visaLeaving = (departureDate: string) =>
  caseBody('visa_help', { details: { departureDate, visaStatus: 'administrative_review' } });

test("a visa case's departure date is its first instant in Shanghai, and the consulate's deadline counts from it", async () => {
  expect(policy.dateTimeZone).toBe('Asia/Shanghai');
  const opened = await openCase(h.app, visaLeaving('2030-03-10'));
  expect(opened.details.departureDate).toBe('2030-03-09T16:00:00.000Z');

  const res = await call(h.app, 'mgr-xinyao', 'POST', `/v1/cases/${opened.id}/callback`, {});
  expect(res.status).toBe(200);
  const waiting = await eventually('the wait for the consulate', async () => {
    const view = (await call(h.app, 'mgr-xinyao', 'GET', `/v1/cases/${opened.id}`)).body;
    return view.timeline.find((t: { kind: string }) => t.kind === 'waiting');
  });
  // departure minus the 48 h decision buffer, from Shanghai's midnight
  expect(waiting.text).toContain('until 2030-03-07T16:00:00.000Z');
});

test('an instant stays the instant it names; a date is read in the zone the policy names', () => {
  const details = (zone: string, departureDate: string) =>
    resolveLocalDates(openCaseBodyFor(registry).parse(visaLeaving(departureDate)).details, zone) as Record<
      string,
      unknown
    >;
  expect(details('Europe/Paris', '2030-03-10').departureDate).toBe('2030-03-09T23:00:00.000Z');
  expect(details('America/New_York', '2030-07-04').departureDate).toBe('2030-07-04T04:00:00.000Z');
  expect(details('Europe/Paris', '2030-03-10T09:30:00+08:00').departureDate).toBe('2030-03-10T01:30:00.000Z');
});

test('a date before 1900 is refused rather than read in a calendar the time-zone data does not cover', () => {
  expect(openCaseBodyFor(registry).safeParse(visaLeaving('0001-01-01')).success).toBe(false);
});

test('a keyed repeat of a body with a date matches it as sent: an API whose policy reads dates elsewhere answers 200', async () => {
  const body = visaLeaving('2030-03-10');
  const key = { 'idempotency-key': `dates-${Date.now()}` };
  const first = await call(h.app, 'app', 'POST', '/v1/cases', body, key);
  expect(first.status).toBe(201);

  const paris = await buildApp({
    client: h.env.client,
    roster,
    policy: testPolicy({ dateTimeZone: 'Europe/Paris' }),
    namespace: 'default',
    temporalUiUrl: TEMPORAL_UI,
    payloadKeys: TEST_PAYLOAD_KEYS,
  });
  try {
    const repeat = await call(paris, 'app', 'POST', '/v1/cases', body, key);
    expect(repeat.status).toBe(200);
    expect(repeat.body.id).toBe(first.body.id);
    // the case keeps the instant it opened with
    expect(repeat.body.details.departureDate).toBe('2030-03-09T16:00:00.000Z');
  } finally {
    await paris.close();
  }
});
