/**
 * Values an operator may write that parse but would run the service wrong, each refused at start-up naming the
 * field: a duration that rounds to no time at all or is longer than any date, a warning as early as its SLA, a
 * manager who is their own backup, a time-zone abbreviation the runtime reads as another place. Each was accepted
 * before.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { timeZoneSchema } from '../../config/calendars';
import { durationSchema } from '../../config/duration';
import { DEV_MEMBERS_FILE, loadConfig } from '../../config/env';
import { memberDirectoryFor } from '../../config/members';
import { connectionOptions } from '../../config/temporal-connection';
import { ConfigError, parseConfig } from '../../config/load-json';
import { policySchema } from '../../config/policy';
import { Roster } from '../../config/roster';
import { policyJson } from '../support/policy';

type Tier = Record<string, unknown>;
type Editable = { tiers: Record<'apass' | 'standard', Tier>; dateTimeZone?: string };
const policyError = (edit: (p: Editable) => void): string => {
  const p = policyJson() as unknown as Editable;
  edit(p);
  try {
    parseConfig(p, policySchema, 'Policy file test.json');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('the policy was accepted');
};

test('a duration is 1 ms to ten years: "0.4ms" (rounding to none) and "99999999999999w" are refused', () => {
  for (const text of ['0.4ms', '0.0004s', '0ms', '3651d', '99999999999999w']) {
    expect({ text, ok: durationSchema.safeParse(text).success }).toEqual({ text, ok: false });
  }
  expect(durationSchema.parse('1.4ms')).toBe(1);
  expect(durationSchema.parse('3650d')).toBe(3_650 * 86_400_000);
  expect(policyError((p) => (p.tiers.apass.callbackSla = '0.4ms'))).toContain('tiers.apass.callbackSla');
});

test('a warning as early as its SLA (or earlier) is refused, naming the clock', () => {
  const message = policyError((p) => {
    p.tiers.standard.callbackSla = '4h';
    p.tiers.standard.warnBefore = { callback: '5h' };
  });
  expect(message).toContain('tiers.standard.warnBefore.callback');
  expect(message).toContain('shorter than the SLA');
  expect(
    policyError((p) => (p.tiers.apass.warnBefore = { resolution: p.tiers.apass.resolutionSla })),
  ).toContain('tiers.apass.warnBefore.resolution');
});

test('a time zone is an IANA region/city or UTC: "CST" (Chicago to the runtime), "EST" and Etc/ offsets are refused', () => {
  for (const zone of ['CST', 'EST', 'Etc/GMT+8', 'US/Eastern', 'Mars/Olympus']) {
    expect({ zone, ok: timeZoneSchema.safeParse(zone).success }).toEqual({ zone, ok: false });
  }
  for (const zone of [
    'Asia/Shanghai',
    'America/Argentina/Buenos_Aires',
    'UTC',
    'Etc/UTC',
    'GMT',
    'Europe/Paris',
  ]) {
    expect({ zone, ok: timeZoneSchema.safeParse(zone).success }).toEqual({ zone, ok: true });
  }
  expect(policyError((p) => (p.dateTimeZone = 'CST'))).toContain('dateTimeZone');
  // a tier refused for its own values is not also reported as naming an unknown calendar
  expect(policyError((p) => (p.tiers.apass.callbackSla = '0.4ms'))).not.toContain('calendars');
});

describe('the roster', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'roster-mistakes-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const load = (principals: object[]) => {
    const file = path.join(dir, `r-${principals.length}-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify({ principals }));
    return () => Roster.load(file);
  };
  const head = { id: 'h', alias: 'H', role: 'head', token: 'a-head-token-from-the-vault-01' };
  const sup = {
    id: 's',
    alias: 'S',
    role: 'supervisor',
    token: 'a-supervisor-token-from-vault',
    supervisorId: 'h',
  };
  const eng = { id: 'e', role: 'engineer', token: 'an-engineer-token-from-vault-1' };
  const manager = (backupId: string) => ({
    id: 'm',
    alias: 'M',
    role: 'manager',
    token: 'a-manager-token-from-the-vault',
    supervisorId: 's',
    backupId,
  });

  test('one head: a second would silently get no escalation and no approval', () => {
    const second = { ...head, id: 'h2', token: 'another-head-token-from-vault-2' };
    expect(load([head, sup, second])).toThrow(/"h", "h2" are all heads/);
    expect(load([head, sup])).not.toThrow();
  });

  test('a manager cannot be their own backup', () => {
    expect(load([head, sup, manager('m')])).toThrow(/principals\.2\.backupId.*own backup/s);
  });

  test('a manager, supervisor or head without an alias (notifications name the owner by it)', () => {
    const { alias: _alias, ...unnamed } = sup;
    expect(load([head, unnamed, eng])).toThrow(/principals\.1\.alias.*needs an alias/s);
    expect(load([head, sup, eng])).not.toThrow(); // an engineer (or the platform) needs none
  });

  test('a backup who is in the roster but cannot own a case is named as such', () => {
    expect(load([head, sup, eng, manager('e')])).toThrow(/"e" is not a manager, supervisor or head/);
  });
});

test('MEMBERS_TIMEOUT is at most a minute: "30d" overflowed the timer and every lookup timed out at once', () => {
  expect(() => loadConfig({ MEMBERS_TIMEOUT: '30d' })).toThrow(/MEMBERS_TIMEOUT/);
  expect(loadConfig({ MEMBERS_TIMEOUT: '5s' }).membersTimeoutMs).toBe(5_000);
});

test('a roster of its own with the shipped members file unset: the error says which setting to give', () => {
  const roster = new Roster([
    { id: 'app', role: 'system', token: 'own-app-token-0000001' },
    { id: 'mgr-own', role: 'manager', token: 'own-mgr-token-0000001', supervisorId: 'head-own' },
    { id: 'head-own', role: 'head', token: 'own-head-token-000001' },
  ]);
  const config = { membersUrl: undefined, membersFile: DEV_MEMBERS_FILE, membersTimeoutMs: 1_000 };
  expect(() => memberDirectoryFor(config, roster)).toThrow(/set MEMBERS_FILE to your members/);
  // a file the operator chose keeps its own message
  const own = path.join(mkdtempSync(path.join(tmpdir(), 'members-')), 'members.json');
  writeFileSync(own, readFileSync(DEV_MEMBERS_FILE));
  let message = '';
  try {
    memberDirectoryFor({ ...config, membersFile: own }, roster);
  } catch (err) {
    message = (err as Error).message;
  }
  expect(message).toContain('is not a manager in the roster');
  expect(message).not.toContain('MEMBERS_FILE is unset');
  rmSync(path.dirname(own), { recursive: true, force: true });
});

test('TLS settings that would be left unused stop start-up, naming them; a CA alone turns TLS on', () => {
  const cluster = { TEMPORAL_ADDRESS: 'temporal.example.com:7233' };
  expect(() => loadConfig({ ...cluster, TEMPORAL_TLS_CERT: '/c.pem' })).toThrow(
    'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together',
  );
  expect(() => loadConfig({ ...cluster, TEMPORAL_TLS_KEY: '/k.pem' })).toThrow(
    'only TEMPORAL_TLS_KEY is set',
  );
  expect(() => loadConfig({ ...cluster, TEMPORAL_TLS: 'false', TEMPORAL_TLS_CA: '/ca.pem' })).toThrow(
    'TEMPORAL_TLS=false, but TEMPORAL_TLS_CA set',
  );
  expect(loadConfig({ ...cluster, TEMPORAL_TLS_CA: '/ca.pem' }).temporal.tls).toMatchObject({
    serverRootCaPath: '/ca.pem',
  });
  expect(
    loadConfig({ ...cluster, TEMPORAL_TLS_SERVER_NAME: 'temporal.internal' }).temporal.tls,
  ).toBeDefined();
  expect(loadConfig({}).temporal.tls).toBeUndefined();
  // a file that cannot be read is named by its variable, not left as a bare ENOENT
  expect(() =>
    connectionOptions(loadConfig({ ...cluster, TEMPORAL_TLS_CA: '/nonexistent/ca.pem' }).temporal),
  ).toThrow(/^TEMPORAL_TLS_CA \/nonexistent\/ca\.pem cannot be read/);
});

test("a cluster's TLS settings or API key left set without TEMPORAL_ADDRESS stop start-up, naming them", () => {
  expect(() => loadConfig({ TEMPORAL_API_KEY: 'key', TEMPORAL_TLS_CA: '/ca.pem' })).toThrow(
    /^TEMPORAL_API_KEY, TEMPORAL_TLS_CA set without TEMPORAL_ADDRESS: .*set TEMPORAL_ADDRESS, or unset them/,
  );
  expect(() => loadConfig({ TEMPORAL_TLS: 'true' })).toThrow(
    /^TEMPORAL_TLS=true set without TEMPORAL_ADDRESS/,
  );
  expect(loadConfig({ TEMPORAL_TLS: 'false' }).temporal.tls).toBeUndefined();
  expect(loadConfig({ TEMPORAL_ADDRESS: 'cloud:7233', TEMPORAL_API_KEY: 'key' }).temporal.tls).toBeDefined();
});

test('URLs the process calls or links to must be http or https: host:port/path alone is refused, naming it', () => {
  for (const name of ['NOTIFY_WEBHOOK_URL', 'MEMBERS_URL', 'TEMPORAL_UI_URL']) {
    expect(() => loadConfig({ [name]: 'hooks.internal:8080/notify' })).toThrow(
      new RegExp(`${name}.*an http:// or https:// URL`),
    );
    expect(() => loadConfig({ [name]: 'ftp://files.example.com/x' })).toThrow(name);
    expect(() => loadConfig({ [name]: 'http://127.0.0.1:8080/notify' })).not.toThrow();
    expect(() => loadConfig({ [name]: 'https://hooks.example.com/notify' })).not.toThrow();
  }
});

test('a worker grace beyond what Node can time, or an empty cache size, is refused rather than misread', () => {
  // Node fires a timer longer than 2^31-1 ms at once: the worker would abandon its activities on SIGTERM
  expect(() => loadConfig({ WORKER_SHUTDOWN_GRACE: '30d' })).toThrow(/WORKER_SHUTDOWN_GRACE.*at most "1d"/);
  expect(loadConfig({ WORKER_SHUTDOWN_GRACE: '1d' }).workerShutdownGraceMs).toBe(86_400_000);
  // a blank line in an env file used to turn the cache off
  expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '' })).toThrow(
    /WORKER_MAX_CACHED_WORKFLOWS.*whole number/,
  );
  expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '2.5' })).toThrow('WORKER_MAX_CACHED_WORKFLOWS');
  expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '99999999999999999999' })).toThrow(
    'WORKER_MAX_CACHED_WORKFLOWS',
  );
  expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '0' }).worker.maxCachedWorkflows).toBe(0);
  expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: ' 300 ' }).worker.maxCachedWorkflows).toBe(300);
  expect(loadConfig({}).worker.maxCachedWorkflows).toBe(2_500);
});
