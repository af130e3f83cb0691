/**
 * The payload keys: one active key seals every new payload, every known key opens old ones, so a key can be
 * rotated without losing a case. Read at start-up and validated (32-byte AES-256 keys, unique ids):
 *   PAYLOAD_KEYS       `[{"id":"k2","key":"<base64>"},{"id":"k1","key":"<base64>"}]` or `k2:<base64>,k1:<base64>`
 *   PAYLOAD_KEYS_FILE  a JSON file `{ "keys": [{ "id", "key" }, ...] }`
 * The first key is the active one. With neither set (development), a key is generated once into
 * DATA_DIR/payload-keys.json (mode 0600) and reused, so processes on the same DATA_DIR share it.
 */
import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { ConfigError, jsonSyntaxProblem } from '../config/load-json';

export const KEY_BYTES = 32;
export const DEV_KEY_FILE = 'payload-keys.json';
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export interface PayloadKey {
  id: string;
  key: Buffer;
}

export class PayloadKeyring {
  private readonly byId: ReadonlyMap<string, Buffer>;
  /** The same keys imported once for the cipher (a KeyObject per key instead of an import per payload). */
  private readonly cipherKeys: ReadonlyMap<string, KeyObject>;
  /** The id of the key that seals new payloads. */
  readonly activeId: string;

  /** `keys[0]` is the active key; ids must be unique and every key 32 bytes (else ConfigError naming `source`). */
  constructor(
    keys: readonly PayloadKey[],
    readonly source = 'the payload keys',
  ) {
    if (keys.length === 0) throw new ConfigError(`${source}: at least one key is required`);
    const byId = new Map<string, Buffer>();
    keys.forEach(({ id, key }, i) => {
      if (!KEY_ID.test(id)) {
        throw new ConfigError(`${source}: key ${i + 1} has an invalid id (1-64 of A-Z a-z 0-9 . _ -)`);
      }
      if (byId.has(id)) throw new ConfigError(`${source}: the key id "${id}" appears twice`);
      if (key.length !== KEY_BYTES) {
        throw new ConfigError(`${source}: key "${id}" is ${key.length} bytes; AES-256 needs ${KEY_BYTES}`);
      }
      byId.set(id, Buffer.from(key));
    });
    this.byId = byId;
    this.cipherKeys = new Map([...byId].map(([id, key]) => [id, createSecretKey(key)]));
    this.activeId = keys[0]!.id;
  }

  get activeKey(): Buffer {
    return this.byId.get(this.activeId)!;
  }

  /** The key with this id, if known. */
  key(id: string): Buffer | undefined {
    return this.byId.get(id);
  }

  /** The active key as the cipher takes it. */
  get activeCipherKey(): KeyObject {
    return this.cipherKeys.get(this.activeId)!;
  }

  /** The key with this id as the cipher takes it, if known. */
  cipherKey(id: string): KeyObject | undefined {
    return this.cipherKeys.get(id);
  }

  get ids(): string[] {
    return [...this.byId.keys()];
  }
}

function decodeKey(id: string, value: unknown, source: string): PayloadKey {
  if (typeof id !== 'string') throw new ConfigError(`${source}: every key needs a string "id"`);
  if (typeof value !== 'string' || !BASE64.test(value.trim())) {
    throw new ConfigError(`${source}: key "${id}" is not base64`);
  }
  return { id, key: Buffer.from(value.trim(), 'base64') };
}

/** `[{ id, key }]` (or `{ keys: [...] }`) as JSON, or `id:base64,id:base64`. */
export function parsePayloadKeys(text: string, source: string): PayloadKeyring {
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let raw: unknown;
    try {
      raw = JSON.parse(trimmed);
    } catch (err) {
      throw new ConfigError(`${source} is not valid JSON: ${jsonSyntaxProblem(err)}`);
    }
    const list = Array.isArray(raw) ? raw : (raw as { keys?: unknown } | null)?.keys;
    if (!Array.isArray(list)) throw new ConfigError(`${source}: expected a list of { "id", "key" }`);
    return new PayloadKeyring(
      list.map((entry: unknown) => {
        const { id, key } = (entry ?? {}) as { id?: unknown; key?: unknown };
        return decodeKey(id as string, key, source);
      }),
      source,
    );
  }
  const keys = trimmed
    .split(',')
    .filter((part) => part.trim() !== '')
    .map((part) => {
      const colon = part.indexOf(':');
      if (colon < 0) throw new ConfigError(`${source}: expected id:base64key entries separated by commas`);
      return decodeKey(part.slice(0, colon).trim(), part.slice(colon + 1), source);
    });
  return new PayloadKeyring(keys, source);
}

/**
 * The development key file: created once with a random key (written aside, then linked into place, so two
 * processes starting together agree on one file), mode 0600; read as it is afterwards.
 */
function devKeyring(dataDir: string): PayloadKeyring {
  const file = path.join(dataDir, DEV_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const body = {
      note: 'Development payload keys (PAYLOAD_KEYS unset). Losing this file makes the cases in temporal.sqlite unreadable.',
      keys: [{ id: `dev-${randomBytes(4).toString('hex')}`, key: randomBytes(KEY_BYTES).toString('base64') }],
    };
    const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(aside, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    try {
      linkSync(aside, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      rmSync(aside, { force: true });
    }
  }
  // A copy made without care (cp, an archive) may have lost the mode: the keys are readable by the owner only.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return parsePayloadKeys(readFileSync(file, 'utf8'), `The development key file ${file}`);
}

/** The keyring this process uses: PAYLOAD_KEYS, else PAYLOAD_KEYS_FILE, else the development key file. */
export function loadPayloadKeyring(env: NodeJS.ProcessEnv, dataDir: string): PayloadKeyring {
  const inline = env.PAYLOAD_KEYS;
  const file = env.PAYLOAD_KEYS_FILE;
  if (inline !== undefined && inline.trim() !== '' && file !== undefined && file.trim() !== '') {
    throw new ConfigError('Set PAYLOAD_KEYS or PAYLOAD_KEYS_FILE, not both');
  }
  if (inline !== undefined && inline.trim() !== '') {
    return parsePayloadKeys(inline, 'Environment variable PAYLOAD_KEYS');
  }
  if (file !== undefined && file.trim() !== '') {
    let text: string;
    try {
      text = readFileSync(path.resolve(file), 'utf8');
    } catch (err) {
      throw new ConfigError(
        `Environment variable PAYLOAD_KEYS_FILE: cannot read ${file}: ${(err as Error).message}`,
      );
    }
    return parsePayloadKeys(text, `Environment variable PAYLOAD_KEYS_FILE (${file})`);
  }
  return devKeyring(dataDir);
}
