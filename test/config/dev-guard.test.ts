/**
 * The shipped dev roster (its tokens are in the README) and dev member directory (made-up facts that money
 * rules trust) are refused outside development: a process listening beyond loopback (HOST) or working on a
 * Temporal cluster (TEMPORAL_ADDRESS) stops at start-up with a clear configuration error, unless
 * ALLOW_DEV_ROSTER=true. A copy of either file elsewhere is the same file.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isLoopback, refuseDevFilesOutsideDevelopment } from '../../config/dev-guard';
import { DEV_MEMBERS_FILE, DEV_ROSTER_FILE, loadConfig } from '../../config/env';
import { ConfigError } from '../../config/load-json';
import { Roster, tokenSha256 } from '../../config/roster';
import { freePort } from '../../platform/free-port';
import { validateStartup } from '../../platform/startup';
import { cleanEnv, Processes } from '../support/processes';

let dir: string;
const procs = new Processes();
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'dev-guard-'));
});
afterAll(async () => {
  await procs.stopAll();
  rmSync(dir, { recursive: true, force: true });
});

/** A roster of our own: the dev roster's people with other tokens, given as hashes. */
function ownRoster(): string {
  const dev = JSON.parse(readFileSync(DEV_ROSTER_FILE, 'utf8')) as { principals: { token?: string }[] };
  const principals = dev.principals.map(({ token: _token, ...p }, i) => ({
    ...p,
    tokenSha256: tokenSha256(`a-token-of-our-own-${i}-0123456789`),
  }));
  const file = path.join(dir, 'own-roster.json');
  writeFileSync(file, JSON.stringify({ principals }));
  return file;
}

/** A member directory of our own (the guard looks at which file it is, not at its members). */
function ownMembers(): string {
  const file = path.join(dir, 'own-members.json');
  writeFileSync(file, JSON.stringify({ members: [] }));
  return file;
}

const SECRET = 'a-page-token-key-of-our-own-0123456789';
const env = (extra: Record<string, string>) => ({ DATA_DIR: path.join(dir, 'data'), ...extra });

test('loopback addresses', () => {
  for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) {
    expect({ host, loopback: isLoopback(host) }).toEqual({ host, loopback: true });
  }
  for (const host of ['0.0.0.0', '::', '192.0.2.2', 'api.example.com', '10.0.0.1']) {
    expect({ host, loopback: isLoopback(host) }).toEqual({ host, loopback: false });
  }
});

test.each([
  ['HOST=0.0.0.0', { HOST: '0.0.0.0' }, /HOST=0\.0\.0\.0 is not a loopback address/],
  ['TEMPORAL_ADDRESS', { TEMPORAL_ADDRESS: 'temporal.example.com:7233' }, /TEMPORAL_ADDRESS is set/],
])(
  'the dev roster with %s stops start-up, naming the file, the reason and ALLOW_DEV_ROSTER',
  (_, extra, why) => {
    let error: unknown;
    try {
      validateStartup(env(extra));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(`ROSTER_FILE ${DEV_ROSTER_FILE}`);
    expect(message).toMatch(why);
    expect(message).toContain('ALLOW_DEV_ROSTER=true');
  },
);

test('a copy of the dev roster is the dev roster', () => {
  const copy = path.join(dir, 'copy.json');
  copyFileSync(DEV_ROSTER_FILE, copy);
  expect(() => validateStartup(env({ HOST: '0.0.0.0', ROSTER_FILE: copy }))).toThrow(
    /ROSTER_FILE .*copy\.json/,
  );
});

test('allowed in development, with ALLOW_DEV_ROSTER=true, or with a roster of our own', () => {
  const check = (extra: Record<string, string>) => {
    const config = loadConfig(env(extra));
    refuseDevFilesOutsideDevelopment(config, Roster.load(config.rosterFile));
  };
  expect(() => check({})).not.toThrow();
  expect(() => check({ HOST: 'localhost' })).not.toThrow();
  expect(() => check({ HOST: '0.0.0.0', ALLOW_DEV_ROSTER: 'true' })).not.toThrow();
  expect(() => check({ TEMPORAL_ADDRESS: 'temporal:7233', ALLOW_DEV_ROSTER: 'true' })).not.toThrow();
  expect(() =>
    check({
      HOST: '0.0.0.0',
      TEMPORAL_ADDRESS: 'temporal:7233',
      ROSTER_FILE: ownRoster(),
      MEMBERS_FILE: ownMembers(),
    }),
  ).not.toThrow();
  expect(() => check({ HOST: '0.0.0.0', ALLOW_DEV_ROSTER: 'false' })).toThrow(ConfigError);
  expect(() => loadConfig({ ALLOW_DEV_ROSTER: 'yes' })).toThrow('ALLOW_DEV_ROSTER');
});

test.each([
  ['npm start (scripts/start.ts)', 'scripts/start.ts', { HOST: '0.0.0.0' }],
  ['the API process (api/main.ts)', 'api/main.ts', { TEMPORAL_ADDRESS: '127.0.0.1:1' }],
])('%s exits 1 with the configuration error, before dialling anything', async (_, script, extra) => {
  const proc = procs.node(script, script, cleanEnv(env(extra)));
  const exit = await proc.exited;
  expect(exit.code).toBe(1);
  expect(proc.output()).toMatch(/Configuration error: ROSTER_FILE .*ALLOW_DEV_ROSTER=true/);
});

test('the dev member directory (or a copy) is refused the same way; the member service or a file of our own is not', () => {
  const check = (extra: Record<string, string>) => {
    const config = loadConfig(env({ ROSTER_FILE: ownRoster(), ...extra }));
    refuseDevFilesOutsideDevelopment(config, Roster.load(config.rosterFile));
  };
  expect(() => check({ HOST: '0.0.0.0' })).toThrow(`MEMBERS_FILE ${DEV_MEMBERS_FILE} is the shipped`);
  const copy = path.join(dir, 'members-copy.json');
  copyFileSync(DEV_MEMBERS_FILE, copy);
  expect(() => check({ TEMPORAL_ADDRESS: 'temporal:7233', MEMBERS_FILE: copy })).toThrow(
    /MEMBERS_FILE .*ALLOW_DEV_ROSTER=true/,
  );
  expect(() =>
    check({ HOST: '0.0.0.0', MEMBERS_URL: 'https://members.example.com/v1/members' }),
  ).not.toThrow();
  expect(() => check({ HOST: '0.0.0.0', MEMBERS_FILE: ownMembers() })).not.toThrow();
  expect(() => check({ HOST: '0.0.0.0', ALLOW_DEV_ROSTER: 'true' })).not.toThrow();
  expect(() => check({})).not.toThrow();
});

test('on a Temporal cluster, no payload keys stop start-up (API and worker): each process would make a key of its own', async () => {
  const own = { ROSTER_FILE: ownRoster(), MEMBERS_FILE: ownMembers() };
  const cluster = { ...own, TEMPORAL_ADDRESS: 'temporal.example.com:7233' };
  let message = '';
  try {
    validateStartup(env(cluster));
  } catch (err) {
    message = (err as Error).message;
  }
  expect(message).toMatch(/PAYLOAD_KEYS or PAYLOAD_KEYS_FILE is required because TEMPORAL_ADDRESS is set/);
  // an operator already on the development key is told how to keep reading the cases sealed with it
  expect(message).toContain(`PAYLOAD_KEYS_FILE=${path.join(dir, 'data', 'payload-keys.json')}`);
  const key = `prod-1:${Buffer.alloc(32, 7).toString('base64')}`;
  expect(
    validateStartup(env({ ...cluster, PAYLOAD_KEYS: key, PAGE_TOKEN_SECRET: SECRET })).payloadKeys.activeId,
  ).toBe('prod-1');
  expect(() => validateStartup(env({ ...cluster, ALLOW_DEV_ROSTER: 'true' }))).not.toThrow();
  // one process on the embedded server: its key lives beside its history, in the same DATA_DIR
  expect(() => validateStartup(env({ ...own, HOST: '0.0.0.0' }))).not.toThrow();
  expect(() => validateStartup(env(own))).not.toThrow();

  const worker = procs.node('worker', 'worker/main.ts', cleanEnv(env({ TEMPORAL_ADDRESS: '127.0.0.1:1' })));
  expect((await worker.exited).code).toBe(1);
  expect(worker.output()).toMatch(/Configuration error: PAYLOAD_KEYS or PAYLOAD_KEYS_FILE is required/);
});

test('on a Temporal cluster, an API without PAGE_TOKEN_SECRET stops at start-up: its page tokens would not pass another replica', async () => {
  const cluster = {
    ROSTER_FILE: ownRoster(),
    MEMBERS_FILE: ownMembers(),
    TEMPORAL_ADDRESS: 'temporal.example.com:7233',
    PAYLOAD_KEYS: `prod-1:${Buffer.alloc(32, 7).toString('base64')}`,
  };
  expect(() => validateStartup(env(cluster))).toThrow(
    /PAGE_TOKEN_SECRET is required because TEMPORAL_ADDRESS is set.*openssl rand -hex 32/,
  );
  expect(validateStartup(env({ ...cluster, PAGE_TOKEN_SECRET: SECRET })).config.pageTokenSecret).toBe(SECRET);
  expect(() => validateStartup(env({ ...cluster, ALLOW_DEV_ROSTER: 'true' }))).not.toThrow();
  // one process on the embedded server: the generated key in its DATA_DIR is the only one
  const { TEMPORAL_ADDRESS: _cluster, ...embedded } = cluster;
  expect(() => validateStartup(env(embedded))).not.toThrow();

  const api = procs.node('api', 'api/main.ts', cleanEnv(env({ ...cluster, PORT: String(await freePort()) })));
  expect((await api.exited).code).toBe(1);
  expect(api.output()).toMatch(/Configuration error: PAGE_TOKEN_SECRET is required/);
});

test.each([
  ['the worker (worker/main.ts)', 'worker/main.ts'],
  ['the API (api/main.ts)', 'api/main.ts'],
])(
  '%s started alone, with no npm start running, says where it looked for Temporal and what to set',
  async (_, script) => {
    const port = String(await freePort());
    const extra = {
      TEMPORAL_PORT: port,
      PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
    };
    const proc = procs.node(script, script, cleanEnv(env(extra)));
    const exit = await proc.exited;
    expect(exit.code).toBe(1);
    expect(proc.output()).toContain(`cannot connect to Temporal at 127.0.0.1:${port}`);
    expect(proc.output()).toContain('run npm start, or set TEMPORAL_ADDRESS');
  },
);
