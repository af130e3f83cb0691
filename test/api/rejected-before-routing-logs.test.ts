/**
 * A request Node's HTTP parser refuses (a broken chunked body, headers over 16 KiB) is logged by the API as its
 * status and the parser's code: never the request's bytes, which hold the caller's bearer token and whatever
 * personal data the body carried (DOMAIN.md, "Personal data": logs carry ids, never names or free text).
 */
import { connect, type AddressInfo } from 'node:net';
import { capturedLogs } from '../support/captured-logs';
import { routeAppSuite } from '../support/route-app';
import { token } from '../support/tokens';

const { lines, logger } = capturedLogs('debug');
const h = routeAppSuite({ logger });
let port: number;
beforeAll(async () => {
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  port = (h.app.server.address() as AddressInfo).port;
});

const TOKEN = token('mgr-xinyao');
const NAME = 'Lily Wangmei';

/** Writes `bytes` on a fresh socket and resolves with everything the server answered before closing it. */
function send(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (answer += d));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.end(bytes);
  });
}

const body = JSON.stringify({ type: 'concierge', member: { id: 'm-1', name: NAME } });

test.each([
  [
    'a broken chunked body',
    `POST /v1/cases HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\n` +
      `Transfer-Encoding: chunked\r\n\r\nzz\r\n${body}\r\n0\r\n\r\n`,
    400,
    'HPE_INVALID_CHUNK_SIZE',
  ],
  [
    'headers over 16 KiB',
    `POST /v1/cases HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nX-Member: ${NAME}\r\n` +
      `X-Padding: ${'p'.repeat(17 * 1024)}\r\n\r\n`,
    431,
    'HPE_HEADER_OVERFLOW',
  ],
])('%s is logged by status and code, without the request', async (_name, bytes, status, code) => {
  lines.length = 0;
  const answer = await send(bytes);
  expect(answer).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
  const logged = lines;
  expect(logged.filter((l) => l.msg === 'rejected before routing')).toEqual([
    expect.objectContaining({ status, code }),
  ]);
  const text = JSON.stringify(lines);
  expect({ token: text.includes(TOKEN), name: text.includes(NAME) }).toEqual({ token: false, name: false });
  // the bytes are not there in another encoding either (a Buffer serialised as numbers)
  expect(text).not.toContain('rawPacket');
});
