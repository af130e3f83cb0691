/**
 * The member directory edge: the HTTP implementation against a tiny local member service (200 member, 404
 * unknown, anything else unavailable, a deadline), and the MEMBERS_FILE directory validated at start-up.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  httpMemberDirectory,
  MemberDirectoryUnavailable,
  staticMemberDirectory,
} from '../../activities/adapters/member-directory';
import { DEV_MEMBERS_FILE, DEV_ROSTER_FILE, loadConfig } from '../../config/env';
import { ConfigError } from '../../config/load-json';
import { loadMembers, memberDirectoryFor } from '../../config/members';
import { Roster } from '../../config/roster';
import { CREDIT_STANDINGS, TIERS, type Member } from '../../workflows/domain';

const roster = Roster.load(DEV_ROSTER_FILE);
const LILY: Member = { id: 'm-1041', name: 'Lily', tier: 'apass', credit: 'good', managerId: 'mgr-xinyao' };

describe('the HTTP member directory', () => {
  let server: Server;
  let base: string;
  const requests: string[] = [];
  let answer: (req: IncomingMessage, res: ServerResponse) => void;

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url} ${req.headers.accept}`);
      answer(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/members/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    requests.length = 0;
  });

  const json = (status: number, body: unknown) => (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  test('GET <url>/<id>: 200 is the member (extra fields ignored), the id percent-encoded', async () => {
    answer = json(200, { ...LILY, id: 'm:1041/x', segment: 'vip' });
    const member = await httpMemberDirectory(base).find('m:1041/x');
    expect(member).toEqual({ ...LILY, id: 'm:1041/x' });
    expect(requests).toEqual(['GET /members/m%3A1041%2Fx application/json']);
  });

  test('404 is a member the directory does not know', async () => {
    answer = json(404, { error: 'not_found' });
    await expect(httpMemberDirectory(base).find('m-9999')).resolves.toBeUndefined();
  });

  test.each([
    ['a 500', json(500, { error: 'boom' }), /answered 500/],
    ['a body that is not JSON', (_q: IncomingMessage, r: ServerResponse) => r.end('<html>'), /not JSON/],
    ['a member without a tier', json(200, { ...LILY, tier: undefined }), /not valid \(tier\)/],
    ['another member', json(200, { ...LILY, id: 'm-1042' }), /another member/],
  ])('%s is MemberDirectoryUnavailable, naming no member data', async (_what, handler, message) => {
    answer = handler;
    const err = await httpMemberDirectory(base)
      .find('m-1041')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MemberDirectoryUnavailable);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('Lily');
  });

  test('no answer within the timeout is MemberDirectoryUnavailable, at the timeout', async () => {
    answer = () => undefined; // never answers
    const err = await httpMemberDirectory(base, 300)
      .find('m-1041')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MemberDirectoryUnavailable);
    expect((err as Error).message).toBe('the member directory did not answer within 300 ms');
  });

  test('a service that is not there is MemberDirectoryUnavailable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(httpMemberDirectory(`http://127.0.0.1:${port}`).find('m-1041')).rejects.toThrow(
      /cannot be reached/,
    );
  });

  test('MEMBERS_URL chooses it over the file (with MEMBERS_TIMEOUT)', async () => {
    answer = json(200, LILY);
    const config = loadConfig({
      MEMBERS_URL: base,
      MEMBERS_TIMEOUT: '2s',
      MEMBERS_FILE: '/nonexistent.json',
    });
    expect(config.membersTimeoutMs).toBe(2_000);
    await expect(memberDirectoryFor(config, roster).find('m-1041')).resolves.toEqual(LILY);
  });
});

describe('the MEMBERS_FILE directory', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'members-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (content: unknown) => {
    const file = path.join(dir, `members-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  test("the shipped dev directory is the default, matches the dev roster's managers and covers every tier and credit", async () => {
    const config = loadConfig({});
    expect(config.membersFile).toBe(DEV_MEMBERS_FILE);
    expect(config.membersUrl).toBeUndefined();
    const members = loadMembers(DEV_MEMBERS_FILE, roster);
    expect(new Set(members.map((m) => m.tier))).toEqual(new Set(TIERS));
    expect(new Set(members.map((m) => m.credit))).toEqual(new Set(CREDIT_STANDINGS));
    const managers = roster.principals.filter((p) => p.role === 'manager').map((p) => p.id);
    expect(new Set(members.map((m) => m.managerId))).toEqual(new Set(managers));
    await expect(memberDirectoryFor(config, roster).find('m-1041')).resolves.toEqual(LILY);
    await expect(memberDirectoryFor(config, roster).find('m-nobody')).resolves.toBeUndefined();
  });

  test.each([
    [
      'a manager not in the roster',
      { members: [{ ...LILY, managerId: 'mgr-ghost' }] },
      'members.0.managerId',
    ],
    ['a supervisor as manager', { members: [{ ...LILY, managerId: 'sup-zheng' }] }, 'members.0.managerId'],
    ['an unknown tier', { members: [{ ...LILY, tier: 'gold' }] }, 'members.0.tier'],
    ['a missing credit', { members: [{ ...LILY, credit: undefined }] }, 'members.0.credit'],
    ['a duplicate id', { members: [LILY, { ...LILY, name: 'Other' }] }, 'members.1.id'],
    ['an id the API cannot take', { members: [{ ...LILY, id: 'm 1041' }] }, 'members.0.id'],
    ['an unknown field', { members: [{ ...LILY, vip: true }] }, 'members.0'],
    ['no members array', { people: [] }, '(root)'],
  ])('%s stops start-up with a ConfigError naming the field', (_what, content, field) => {
    const file = write(content);
    let err: unknown;
    try {
      loadMembers(file, roster);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(`Members file ${file} is invalid`);
    expect((err as Error).message).toContain(field);
  });

  test('a file that is not JSON stops start-up naming the file', () => {
    const file = write('{ "members": [');
    expect(() => loadMembers(file, roster)).toThrow(
      new RegExp(`Members file ${file} cannot be read as JSON`),
    );
  });

  test("a broken file's message does not quote the names around the fault (it reaches the log)", () => {
    const file = write('{ "members": [{ "id": "m-1", "name": "Lily Wangmei" },] }');
    expect(() => loadMembers(file, roster)).toThrow(/cannot be read as JSON: Unexpected token/);
    expect(() => loadMembers(file, roster)).not.toThrow(/angmei/);
  });

  test('the directory hands out copies: a caller cannot change what it answers next', async () => {
    const directory = staticMemberDirectory([{ ...LILY, tier: 'apass' }]);
    const first = await directory.find('m-1041');
    first!.tier = 'apass_top';
    await expect(directory.find('m-1041')).resolves.toMatchObject({ tier: 'apass' });
  });
});
