/**
 * The payload keys (codec/): the keyring from PAYLOAD_KEYS or PAYLOAD_KEYS_FILE, the ConfigErrors of bad keys
 * (stopping npm start's validation before it writes anything), and the development key file generated in
 * DATA_DIR. Sealing and opening payloads with them is in encryption-codec.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEV_KEY_FILE, EncryptionCodec, loadPayloadKeyring, parsePayloadKeys } from '../../codec';
import { ConfigError } from '../../config/load-json';
import { validateStartup } from '../../platform/startup';
import { payloadConverter } from '../../codec/sealed-payload-converter';
import { b64, key, secret } from './codec-fixtures';

describe('keys from the configuration', () => {
  test('PAYLOAD_KEYS as id:base64 pairs or a JSON list; the first is active', () => {
    const pairs = loadPayloadKeyring({ PAYLOAD_KEYS: `k2:${b64(2)}, k1:${b64(1)}` }, '/nonexistent');
    expect(pairs.activeId).toBe('k2');
    expect(pairs.ids).toEqual(['k2', 'k1']);
    const json = loadPayloadKeyring(
      {
        PAYLOAD_KEYS: JSON.stringify([
          { id: 'b', key: b64(3) },
          { id: 'a', key: b64(4) },
        ]),
      },
      '/nonexistent',
    );
    expect(json.activeId).toBe('b');
    expect(json.key('a')?.equals(key(4))).toBe(true);
  });

  test('PAYLOAD_KEYS_FILE: a JSON file of keys', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'keys-'));
    try {
      const file = path.join(dir, 'keys.json');
      writeFileSync(file, JSON.stringify({ keys: [{ id: 'prod-2027', key: b64(5) }] }));
      expect(loadPayloadKeyring({ PAYLOAD_KEYS_FILE: file }, dir).activeId).toBe('prod-2027');
      expect(() => loadPayloadKeyring({ PAYLOAD_KEYS_FILE: path.join(dir, 'missing.json') }, dir)).toThrow(
        /PAYLOAD_KEYS_FILE/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each([
    ['a short key', `k1:${Buffer.alloc(16).toString('base64')}`, /PAYLOAD_KEYS.*"k1" is 16 bytes/],
    ['a long key', `k1:${Buffer.alloc(33).toString('base64')}`, /PAYLOAD_KEYS.*33 bytes/],
    ['a duplicate id', `k1:${b64(1)},k1:${b64(2)}`, /PAYLOAD_KEYS.*"k1" appears twice/],
    ['not base64', 'k1:not*base64', /PAYLOAD_KEYS.*not base64/],
    ['no id', b64(1), /PAYLOAD_KEYS.*id:base64key/],
    ['a bad id', `k 1:${b64(1)}`, /PAYLOAD_KEYS.*invalid id/],
    ['bad JSON', '[{"id":', /PAYLOAD_KEYS is not valid JSON/],
    ['an empty list', '[]', /PAYLOAD_KEYS.*at least one key/],
  ])('%s is a ConfigError naming PAYLOAD_KEYS', (_what, value, message) => {
    expect(() => loadPayloadKeyring({ PAYLOAD_KEYS: value }, '/nonexistent')).toThrow(ConfigError);
    expect(() => loadPayloadKeyring({ PAYLOAD_KEYS: value }, '/nonexistent')).toThrow(message);
  });

  test('bad JSON is refused without quoting the keys around the fault (the message reaches the log)', () => {
    const key = b64(7);
    let message = '';
    try {
      loadPayloadKeyring({ PAYLOAD_KEYS: `[{"id":"k1","key":"${key}"},]` }, '/nonexistent');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/PAYLOAD_KEYS is not valid JSON: Unexpected token ']'$/);
    expect(message).not.toContain(key.slice(-6));
  });

  test('both PAYLOAD_KEYS and PAYLOAD_KEYS_FILE is a ConfigError', () => {
    expect(() => loadPayloadKeyring({ PAYLOAD_KEYS: `k1:${b64(1)}`, PAYLOAD_KEYS_FILE: '/x' }, '/x')).toThrow(
      /PAYLOAD_KEYS or PAYLOAD_KEYS_FILE, not both/,
    );
  });

  test("npm start's validation stops on bad keys, naming the variable, before writing anything", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'keys-'));
    try {
      const dataDir = path.join(dir, 'data');
      expect(() => validateStartup({ DATA_DIR: dataDir, PAYLOAD_KEYS: `k1:${b64(1)},k1:${b64(2)}` })).toThrow(
        /^Environment variable PAYLOAD_KEYS: the key id "k1" appears twice$/,
      );
      expect(() => statSync(dataDir)).toThrow();
      expect(validateStartup({ DATA_DIR: dataDir }).payloadKeys.activeKey).toHaveLength(32);
      expect(statSync(path.join(dataDir, DEV_KEY_FILE)).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('parsePayloadKeys names its source', () => {
    expect(() => parsePayloadKeys('k1:AAAA', 'the vault entry')).toThrow(
      /^the vault entry: key "k1" is 3 bytes/,
    );
  });
});

describe('the development key file', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(path.join(tmpdir(), 'data-dir-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  test('generated once in DATA_DIR with mode 0600, then reused (the API and worker processes share it)', async () => {
    const first = loadPayloadKeyring({}, path.join(dataDir, 'nested'));
    const file = path.join(dataDir, 'nested', DEV_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.activeKey).toHaveLength(32);

    const second = loadPayloadKeyring({}, path.join(dataDir, 'nested'));
    expect(second.activeId).toBe(first.activeId);
    expect(second.activeKey.equals(first.activeKey)).toBe(true);
    const [sealed] = await new EncryptionCodec(first).encode([payloadConverter.toPayload(secret)]);
    const [opened] = await new EncryptionCodec(second).decode([sealed!]);
    expect(payloadConverter.fromPayload(opened!)).toEqual(secret);
    expect(JSON.parse(readFileSync(file, 'utf8')).keys).toHaveLength(1);
  });

  test('a copy that lost its mode is narrowed back to 0600; a damaged file is a ConfigError naming it', () => {
    loadPayloadKeyring({}, dataDir);
    const file = path.join(dataDir, DEV_KEY_FILE);
    chmodSync(file, 0o644);
    loadPayloadKeyring({}, dataDir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, '{"keys":[{"id":"dev","key":"short"}]}');
    expect(() => loadPayloadKeyring({}, dataDir)).toThrow(new RegExp(`${DEV_KEY_FILE}.*"dev"`));
  });

  test('configured keys win: no file is written', () => {
    loadPayloadKeyring({ PAYLOAD_KEYS: `k1:${b64(1)}` }, dataDir);
    expect(() => statSync(path.join(dataDir, DEV_KEY_FILE))).toThrow();
  });
});
