/**
 * The page token's format: signed (HMAC-SHA256) with a key, for one query and one Temporal store's tag; any
 * altered byte or forged token is refused; a token of the format before store tags still reads. And the
 * development key in DATA_DIR that signs them when PAGE_TOKEN_SECRET is unset.
 */
import { createHash, createHmac } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PageTokens, storeTagOf } from '../../api/cases/page-token';
import { devSecret } from '../../config/dev-secret';
import { loadConfig } from '../../config/env';
import { ConfigError } from '../../config/load-json';

const SECRET = 'a-page-token-secret-of-at-least-32-characters';

describe('PageTokens', () => {
  const tokens = new PageTokens(SECRET);
  const temporal = Buffer.from('temporal-own-token-bytes');

  test("a token signed for a query gives back the Temporal token and its store's tag, for that query only", () => {
    const token = tokens.encode('q1', 'default\0cluster-a', temporal);
    expect(tokens.decode('q1', token)).toEqual({
      temporalToken: temporal,
      storeTag: storeTagOf('default\0cluster-a'),
    });
    expect(storeTagOf('default\0cluster-a').equals(storeTagOf('default\0cluster-b'))).toBe(false);
    expect(tokens.decode('q2', token)).toBeUndefined();
    expect(new PageTokens(SECRET).decode('q1', token)).toBeDefined();
    expect(new PageTokens(`${SECRET}-other`).decode('q1', token)).toBeUndefined();
  });

  test('any altered byte, a truncated token or an unkeyed digest is refused', () => {
    const raw = Buffer.from(tokens.encode('q1', 'store', temporal), 'base64url');
    for (let i = 0; i < raw.length; i++) {
      const altered = Buffer.from(raw);
      altered[i] = altered[i]! ^ 0x01;
      expect(tokens.decode('q1', altered.toString('base64url'))).toBeUndefined();
    }
    expect(tokens.decode('q1', raw.subarray(0, 33).toString('base64url'))).toBeUndefined();
    expect(tokens.decode('q1', '')).toBeUndefined();
    // The format before keys: 8 bytes of SHA-256 of the query, then Temporal's token. Anyone could make one.
    const unkeyed = Buffer.concat([createHash('sha256').update('q1').digest().subarray(0, 8), temporal]);
    expect(tokens.decode('q1', unkeyed.toString('base64url'))).toBeUndefined();
    // A token of the right version and length whose MAC is an unkeyed digest: only the MAC refuses it.
    const forged = Buffer.concat([
      Buffer.of(1),
      createHash('sha256').update('q1').update(temporal).digest(),
      temporal,
    ]);
    expect(forged.length).toBe(raw.length - 8); // the format before store tags
    expect(tokens.decode('q1', forged.toString('base64url'))).toBeUndefined();
  });

  test('a token of the format before store tags (from an older API process) still turns the page', () => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(2);
    const mac = createHmac('sha256', SECRET)
      .update('concierge/page-token/v1\0')
      .update(length)
      .update('q1')
      .update(temporal)
      .digest();
    const untagged = Buffer.concat([Buffer.of(1), mac, temporal]).toString('base64url');
    expect(tokens.decode('q1', untagged)).toEqual({ temporalToken: temporal });
    expect(tokens.decode('q2', untagged)).toBeUndefined();
  });
});

describe('development key in DATA_DIR', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'dev-secret-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('generated once, mode 0600, read back by the next process', () => {
    const dataDir = path.join(dir, 'data');
    const first = devSecret(dataDir, 'k.secret');
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(path.join(dataDir, 'k.secret')).mode & 0o777).toBe(0o600);
    expect(devSecret(dataDir, 'k.secret')).toBe(first);
    expect(devSecret(dataDir, 'other.secret')).not.toBe(first);
  });

  test('a key file others may read is narrowed to 0600; a file that is not a key stops start-up', () => {
    const file = path.join(dir, 'k.secret');
    writeFileSync(file, `${'ab'.repeat(32)}\n`);
    chmodSync(file, 0o644);
    expect(devSecret(dir, 'k.secret')).toBe('ab'.repeat(32));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, 'short');
    expect(() => devSecret(dir, 'k.secret')).toThrow(ConfigError);
    expect(readFileSync(file, 'utf8')).toBe('short');
  });

  test('PAGE_TOKEN_SECRET must be long enough', () => {
    expect(() => loadConfig({ PAGE_TOKEN_SECRET: 'too-short' })).toThrow('PAGE_TOKEN_SECRET');
    expect(loadConfig({ PAGE_TOKEN_SECRET: SECRET }).pageTokenSecret).toBe(SECRET);
    expect(loadConfig({}).pageTokenSecret).toBeUndefined();
  });
});
