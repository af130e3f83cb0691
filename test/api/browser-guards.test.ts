/**
 * Behind the identity-aware proxy of a deployment (README, Single sign-on) the proxy adds the bearer token to
 * whatever the supervisor's browser sends, so a page of another site could approve a compensation with a
 * body-less POST (no preflight). The API takes writes from its own pages and from clients that are no web page
 * only; its answers, which carry personal data, are never kept by a cache. Before, the approval went through.
 */
import { call, conciergeBody, harnessSuite, type Call } from '../support/api-harness';

const h = harnessSuite();

const ok = (res: Call, what: string) => {
  if (res.status !== 200 && res.status !== 201)
    throw new Error(`${what} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
};

/** A request as the proxy forwards it from a browser: the token added, the browser's own headers kept. */
const fromBrowser = (caseId: string, headers: Record<string, string>) =>
  h.app.inject({
    method: 'POST',
    url: `/v1/cases/${caseId}/compensations/c1/approve`,
    headers: { authorization: 'Bearer dev-sup-zheng-token-0001', ...headers },
  });

test("a page of another site cannot approve a compensation through the supervisor's browser; the API's own page can", async () => {
  const opened = ok(
    await call(h.app, 'mgr-xinyao', 'POST', '/v1/cases', { ...conciergeBody(), member: { id: 'm-1041' } }),
    'open',
  );
  const caseId = opened.id as string;
  ok(await call(h.app, 'mgr-xinyao', 'POST', `/v1/cases/${caseId}/callback`, {}), 'callback');
  ok(
    await call(h.app, 'mgr-xinyao', 'POST', `/v1/cases/${caseId}/compensations`, {
      kind: 'goodwill_gift',
      amount: { amount: 10_000, currency: 'CNY' },
      reason: 'flowers',
    }),
    'propose',
  );

  const otherOrigins: Record<string, string>[] = [
    { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' },
    { 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'no-cors' },
    // a browser that sends no fetch metadata: its Origin says where the page is
    { origin: 'https://evil.example' },
    { origin: 'null' },
  ];
  for (const headers of otherOrigins) {
    const refused = await fromBrowser(caseId, headers);
    expect([refused.statusCode, refused.json().error]).toEqual([403, 'forbidden']);
    expect(refused.json().message).toContain('its own pages');
  }
  const still = ok(await call(h.app, 'eng-1', 'GET', `/v1/cases/${caseId}`), 'read');
  expect(still.compensations[0]).toMatchObject({ id: 'c1', status: 'pending_approval' });

  // Reads from anywhere stay as they were (a cross-site page cannot read the answer without CORS anyway).
  const read = await call(h.app, 'sup-zheng', 'GET', `/v1/cases/${caseId}`, undefined, {
    'sec-fetch-site': 'cross-site',
  });
  expect(read.status).toBe(200);
  expect(read.headers['cache-control']).toBe('no-store');

  // The console (same origin) and a server-side client (no browser headers) approve.
  const approved = await fromBrowser(caseId, { 'sec-fetch-site': 'same-origin', origin: 'http://localhost' });
  expect(approved.statusCode).toBe(200);
  expect(approved.headers['cache-control']).toBe('no-store');
  expect(approved.json().compensations[0].approvedBy).toBe('sup-zheng');
});

test('errors and the codec endpoint are not cached either', async () => {
  const missing = await call(h.app, 'eng-1', 'GET', '/v1/cases/case-nosuchcase0000000000');
  expect([missing.status, missing.headers['cache-control']]).toEqual([404, 'no-store']);
  const decoded = await call(h.app, 'eng-1', 'POST', '/codec/decode', { payloads: [] });
  expect([decoded.status, decoded.headers['cache-control']]).toEqual([200, 'no-store']);
});
