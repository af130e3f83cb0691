/**
 * A codec session ends with the token it was opened with: a token rotated in the roster (after a leak) ends every
 * session opened with it, as the token itself stops working. Before, the session named only the principal and
 * went on decoding payloads for up to 8 hours for whoever held the cookie.
 */
import type { FastifyRequest } from 'fastify';
import { Roster } from '../../config/roster';
import { codecPrincipal, SESSION_COOKIE, signSession } from '../../api/routes/codec-session';
import { devRoster } from '../support/cases';
import { parsePayloadKeys } from '../../codec';
import { TEST_PAYLOAD_KEYS } from '../support/temporal';

const rotated = new Roster(
  devRoster.principals.map((p) =>
    p.id === 'eng-1' ? { ...p, token: 'dev-eng-1-token-rotated-0002', tokenSha256: undefined } : p,
  ),
);

const withCookie = (value: string) =>
  ({ headers: { cookie: `${SESSION_COOKIE}=${value}` } }) as unknown as FastifyRequest;

const openedWith = (roster: Roster) =>
  signSession(
    TEST_PAYLOAD_KEYS,
    { principalId: 'eng-1', tokenSha256: roster.tokenHashOf('eng-1')! },
    Date.now() + 60_000,
  );

test('a session opened with the current token decodes', () => {
  expect(codecPrincipal(withCookie(openedWith(devRoster)), devRoster, TEST_PAYLOAD_KEYS)).toEqual({
    id: 'eng-1',
    role: 'engineer',
  });
});

test("a session opened with a token the roster has since rotated is 401, and the new token's session works", () => {
  const before = withCookie(openedWith(devRoster));
  expect(() => codecPrincipal(before, rotated, TEST_PAYLOAD_KEYS)).toThrow(
    expect.objectContaining({ statusCode: 401, code: 'unauthenticated' }),
  );
  expect(codecPrincipal(withCookie(openedWith(rotated)), rotated, TEST_PAYLOAD_KEYS).id).toBe('eng-1');
});

test('the cookie keeps nothing to test token guesses against: its token mark is keyed by the payload keys', () => {
  const claims = (cookie: string) =>
    JSON.parse(Buffer.from(cookie.split('.')[0]!, 'base64url').toString('utf8')) as { tok: string };
  const hash = devRoster.tokenHashOf('eng-1')!;
  const here = claims(openedWith(devRoster));
  expect(JSON.stringify(here)).not.toContain(hash);
  const otherKeys = parsePayloadKeys(`other:${Buffer.alloc(32, 0x5c).toString('base64')}`, 'other keys');
  const elsewhere = claims(
    signSession(otherKeys, { principalId: 'eng-1', tokenSha256: hash }, Date.now() + 60_000),
  );
  expect(elsewhere.tok).not.toBe(here.tok);
});
