/**
 * Roster principals carry their bearer token (development) or only its SHA-256 (`tokenSha256`, production):
 * exactly one of the two; authentication hashes the presented token and looks the hash up, so both forms
 * authenticate; one credential given twice, in either form, stops start-up; so does a principal named "system".
 */
import Fastify from 'fastify';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import auth from '../../api/plugins/auth';
import errors from '../../api/plugins/errors';
import { ConfigError } from '../../config/load-json';
import { Roster, tokenSha256 } from '../../config/roster';

const TOKEN = {
  head: 'a-head-token-kept-in-a-vault-0001',
  engineer: 'an-engineer-token-kept-in-a-vault',
  manager: 'a-manager-token-of-the-dev-kind-01',
};

const principals = () => [
  { id: 'head-1', alias: 'Head', role: 'head', tokenSha256: tokenSha256(TOKEN.head) },
  { id: 'eng-1', role: 'engineer', tokenSha256: tokenSha256(TOKEN.engineer).toUpperCase() },
  { id: 'mgr-1', alias: 'One', role: 'manager', token: TOKEN.manager, supervisorId: 'head-1' },
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'roster-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function load(list: object[]): Roster {
  const file = path.join(dir, `roster-${(n += 1)}.json`);
  writeFileSync(file, JSON.stringify({ principals: list }));
  return Roster.load(file);
}
const loadError = (list: object[]): string => {
  try {
    load(list);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('the roster loaded');
};

test('tokens given as SHA-256 hex (either case) or as themselves identify their principal', () => {
  const roster = load(principals());
  expect(roster.byTokenValue(TOKEN.head)?.id).toBe('head-1');
  expect(roster.byTokenValue(TOKEN.engineer)?.id).toBe('eng-1');
  expect(roster.byTokenValue(TOKEN.manager)?.id).toBe('mgr-1');
  // the hash itself is not a token
  expect(roster.byTokenValue(tokenSha256(TOKEN.head))).toBeUndefined();
  expect(roster.byTokenValue(`${TOKEN.head} `)).toBeUndefined();
});

test('the API authenticates a hashed token like a plain one', async () => {
  const app = Fastify();
  await app.register(errors);
  await app.register(auth, { roster: load(principals()) });
  app.get('/who', { config: { roles: ['head', 'manager'] } }, async (request) => request.principal);
  const get = async (token: string) => {
    const res = await app.inject({ url: '/who', headers: { authorization: `Bearer ${token}` } });
    return { status: res.statusCode, body: res.json() };
  };
  expect(await get(TOKEN.head)).toEqual({ status: 200, body: { id: 'head-1', role: 'head' } });
  expect(await get(TOKEN.manager)).toEqual({ status: 200, body: { id: 'mgr-1', role: 'manager' } });
  expect((await get(TOKEN.engineer)).status).toBe(403);
  expect((await get(tokenSha256(TOKEN.head))).status).toBe(401);
  await app.close();
});

test('exactly one of token and tokenSha256', () => {
  const [head, eng, mgr] = principals();
  expect(loadError([head!, eng!, { ...mgr, tokenSha256: tokenSha256(TOKEN.manager) }])).toMatch(
    /principals\.2\.tokenSha256: give exactly one of token and tokenSha256/,
  );
  expect(loadError([head!, eng!, { ...mgr, token: undefined }])).toMatch(
    /principals\.2\.token: give exactly one of token and tokenSha256/,
  );
  expect(loadError([{ ...head!, tokenSha256: 'abc123' }, eng!, mgr!])).toMatch(
    /principals\.0\.tokenSha256: the hex of a SHA-256/,
  );
});

test('the id "system" is reserved for what the platform does by itself in a case', () => {
  const platform = { id: 'system', role: 'system', token: 'the-platform-token-00001' };
  expect(loadError([...principals(), platform])).toMatch(
    /principals\.3\.id: the id "system" is reserved for what the platform itself does in a case/,
  );
  expect(load([...principals(), { ...platform, id: 'app' }]).get('app')?.role).toBe('system');
});

test('one credential twice, as a token and as its hash (or twice either way), stops start-up', () => {
  const [head, eng, mgr] = principals();
  expect(loadError([head!, { ...eng!, tokenSha256: tokenSha256(TOKEN.manager) }, mgr!])).toMatch(
    /principals\.2\.token: duplicate token \(the same as eng-1's\)/,
  );
  expect(loadError([head!, { ...eng!, tokenSha256: undefined, token: TOKEN.head }, mgr!])).toMatch(
    /principals\.1\.token: duplicate token \(the same as head-1's\)/,
  );
  expect(loadError([head!, { ...eng!, tokenSha256: tokenSha256(TOKEN.head).toUpperCase() }, mgr!])).toMatch(
    /principals\.1\.tokenSha256: duplicate token/,
  );
});

test('a token shorter than 16 characters never authenticates, not even as a hash the roster holds; a token with spaces is refused at load', async () => {
  const [head, eng, mgr] = principals();
  const app = Fastify();
  await app.register(errors);
  await app.register(auth, { roster: load([head!, { ...eng!, tokenSha256: tokenSha256('abc') }, mgr!]) });
  app.get('/who', { config: { roles: ['engineer'] } }, async (request) => request.principal);
  const res = await app.inject({ url: '/who', headers: { authorization: 'Bearer abc' } });
  expect([res.statusCode, res.json().error]).toEqual([401, 'unauthenticated']);
  // every way in asks the roster, the codec session's sign-in form included
  expect(
    load([head!, { ...eng!, tokenSha256: tokenSha256('abc') }, mgr!]).byTokenValue('abc'),
  ).toBeUndefined();
  await app.close();
  expect(loadError([head!, eng!, { ...mgr!, token: ' '.repeat(20) }])).toMatch(
    /principals\.2\.token: a token is at least 16 printable characters, no spaces/,
  );
});
