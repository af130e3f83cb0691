/**
 * An instant is refused unless its UTC instant lies in 1900 to 9999: "9999-12-31T23:00:00-01:00" is a valid ISO
 * string whose instant is in year 10000. Before, such a departure was accepted (201); the case's next due time
 * became "+010000-01-01T00:00:00.000Z", which the case view's schema refuses, so a wait on the member was applied
 * and answered 500, and every read of the case after it too. A departure in year 0 escalated a new case at once.
 */
import { dateTime } from '../../api/schemas/common';
import { caseBody } from '../support/case-fixtures';
import { routeAppSuite } from '../support/route-app';
import { call } from '../support/api-harness';
import { expectValidationFailed } from './bad-input-requests';

const r = routeAppSuite();

const withDeparture = (departureDate: string) => {
  const body = caseBody('travel_cancellation');
  return { ...body, details: { ...body.details, departureDate } };
};

test.each([
  '9999-12-31T23:00:00-01:00',
  '9999-12-31T23:59:59.999-00:01',
  '1900-01-01T00:30:00+01:00',
  '0000-01-01T00:00:00+01:00',
  '1899-12-31T23:59:59Z',
])('a departure at %s is a 400 naming it, and nothing is started', async (departureDate) => {
  const res = await call(r.app, 'app', 'POST', '/v1/cases', withDeparture(departureDate));
  expectValidationFailed(res, 'body', 'details.departureDate');
  expect(res.body.error).toBe('validation_failed');
});

test('the instants at either end of the range are taken, as UTC', () => {
  expect(dateTime.parse('9999-12-31T22:59:59.999-01:00')).toBe('9999-12-31T23:59:59.999Z');
  expect(dateTime.parse('1900-01-01T08:00:00+08:00')).toBe('1900-01-01T00:00:00.000Z');
  expect(dateTime.safeParse('9999-12-31T23:00:00-01:00').success).toBe(false);
});
