/**
 * The codec endpoint's own limits: it takes bodies of up to 8 MiB (a Web UI page of payloads), and its 413 says
 * so; its audit line names the namespace the UI sends, never more of a header anyone may fill than a name needs.
 */
import { BODY_LIMIT } from '../../api/app';
import { CODEC_BODY_LIMIT } from '../../api/routes/codec';
import { TEST_PAYLOAD_KEYS } from '../support/temporal';
import { call } from '../support/api-harness';
import { capturedLogs } from '../support/captured-logs';
import { routeAppSuite } from '../support/route-app';

const { lines, logger } = capturedLogs();
const h = routeAppSuite({ logger, payloadKeys: TEST_PAYLOAD_KEYS });

const plain = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: 'e30=' };
/** A decode body of exactly `bytes` bytes: one payload whose data is padded. */
const bodyOf = (bytes: number) => {
  const shell = JSON.stringify({ payloads: [{ ...plain, data: '' }] });
  return JSON.stringify({ payloads: [{ ...plain, data: 'A'.repeat(bytes - shell.length) }] });
};
const json = { 'content-type': 'application/json' };

test('a decode body over 8 MiB is 413 with the codec’s own limit in its message; one within it is read', async () => {
  const over = await call(h.app, 'eng-1', 'POST', '/codec/decode', bodyOf(CODEC_BODY_LIMIT + 1), json);
  expect(over.status).toBe(413);
  expect(over.body).toEqual({
    error: 'validation_failed',
    message: 'The body is larger than the 8 MiB this route accepts',
  });
  const within = await call(h.app, 'eng-1', 'POST', '/codec/decode', bodyOf(BODY_LIMIT * 4), json);
  expect(within.status).toBe(200);
});

test('the API’s own routes still say 64 KiB', async () => {
  const over = await call(h.app, 'app', 'POST', '/v1/cases', 'x'.repeat(BODY_LIMIT + 1), json);
  expect(over.status).toBe(413);
  expect(over.body.message).toBe('The body is larger than the 64 KiB this route accepts');
});

test('the audit line of a decode names the namespace, cut to a name’s length whatever the header holds', async () => {
  lines.length = 0;
  const flood = `default${'x'.repeat(100_000)}`;
  const res = await call(
    h.app,
    'eng-1',
    'POST',
    '/codec/decode',
    { payloads: [plain] },
    { 'x-namespace': flood },
  );
  expect(res.status).toBe(200);
  const audit = lines.find((l) => l.msg === 'codec decode');
  expect(audit).toMatchObject({ principal: 'eng-1', payloads: 1 });
  expect(String(audit!.namespace).startsWith('default')).toBe(true);
  expect(String(audit!.namespace).length).toBeLessThanOrEqual(255);
});

test('the sign-in form takes 4 KiB, and its 413 says so', async () => {
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const over = await call(h.app, null, 'POST', '/codec/session', `token=${'t'.repeat(4096)}`, form);
  expect(over.status).toBe(413);
  expect(over.body.message).toBe('The body is larger than the 4 KiB this route accepts');
  const wrong = await call(h.app, null, 'POST', '/codec/session', 'token=not-a-token', form);
  expect(wrong.status).toBe(401);
});
