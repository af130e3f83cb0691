/**
 * The payload codec (codec/): authenticated encryption of whole payloads, a decode that never throws and marks
 * only what it opened, and rotation. The keys' configuration and development file are in payload-keys.test.ts.
 */
import type { Payload } from '@temporalio/common';
import { createCipheriv } from 'node:crypto';
import { EncryptionCodec } from '../../codec';
import {
  isSealed,
  payloadConverter,
  SEALED_METADATA_KEY,
  sealedFor,
  sealIdOf,
  WORKFLOW_METADATA_KEY,
} from '../../codec/sealed-payload-converter';
import { key, meta, ring, secret } from './codec-fixtures';

function unreadable() {
  const seen: { keyId: string | undefined; reason: string }[] = [];
  return { seen, listener: (info: { keyId: string | undefined; reason: string }) => seen.push(info) };
}

describe('sealing and opening', () => {
  const codec = new EncryptionCodec(ring(['k1', 1]));

  test('a value round-trips: the payload is encrypted whole, opens to the inner payload, and decodes as sealed', async () => {
    const plain = payloadConverter.toPayload(secret);
    const [sealed] = await codec.encode([plain]);
    expect(meta(sealed!, 'encoding')).toBe('binary/encrypted');
    expect(meta(sealed!, 'encryption-key-id')).toBe('k1');
    expect(Object.keys(sealed!.metadata ?? {}).sort()).toEqual(['encoding', 'encryption-key-id']);
    const bytes = Buffer.from(sealed!.data!);
    expect(bytes.includes('Zhao Yunlan')).toBe(false);
    expect(bytes.includes('json/plain')).toBe(false); // the inner metadata is encrypted too

    const [opened] = await codec.decode([sealed!]);
    expect(meta(opened!, 'encoding')).toBe('json/plain');
    expect(meta(opened!, SEALED_METADATA_KEY)).toBe('k1');
    const value = payloadConverter.fromPayload<typeof secret>(opened!);
    expect(value).toEqual(secret);
    expect(isSealed(value)).toBe(true);
    expect(JSON.stringify(value)).toBe(JSON.stringify(secret)); // the mark is invisible
  });

  test('a fresh IV per payload: the same value seals differently each time', async () => {
    const plain = payloadConverter.toPayload(secret);
    const [a, b] = await codec.encode([plain, plain]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
    expect(Buffer.from(a!.data!).subarray(0, 12).equals(Buffer.from(b!.data!).subarray(0, 12))).toBe(false);
  });

  test('IVs stay distinct across many payloads (the random bits are drawn a few hundred IVs at a time)', async () => {
    const plain = payloadConverter.toPayload(secret);
    const sealed = await codec.encode(Array.from({ length: 2_000 }, () => plain));
    const ivs = new Set(sealed.map((p) => Buffer.from(p.data!).subarray(0, 12).toString('hex')));
    expect(ivs.size).toBe(2_000);
    const opened = await codec.decode(sealed);
    expect(opened.every((p) => Buffer.from(p.data!).equals(Buffer.from(plain.data!)))).toBe(true);
  });

  test('a plain payload passes as it is and is not sealed; a forged mark on it is removed', async () => {
    const plain = payloadConverter.toPayload(secret);
    const forged: Payload = {
      ...plain,
      metadata: { ...plain.metadata, [SEALED_METADATA_KEY]: Buffer.from('k1') },
    };
    const [a, b] = await codec.decode([plain, forged]);
    for (const p of [a!, b!]) {
      expect(p.metadata?.[SEALED_METADATA_KEY]).toBeUndefined();
      const value = payloadConverter.fromPayload(p);
      expect(value).toEqual(secret);
      expect(isSealed(value)).toBe(false);
    }
  });

  test('a forged mark inside a sealed payload does not matter: the mark says which key opened it', async () => {
    const plain = payloadConverter.toPayload(secret);
    const [sealed] = await codec.encode([
      { ...plain, metadata: { ...plain.metadata, [SEALED_METADATA_KEY]: Buffer.from('someone') } },
    ]);
    const [opened] = await codec.decode([sealed!]);
    expect(meta(opened!, SEALED_METADATA_KEY)).toBe('k1');
  });

  test('the workflow of the serialization context is sealed in: the value says which case it was written for', async () => {
    const context = { type: 'workflow' as const, namespace: 'default', workflowId: 'case-a' };
    const [forA] = await codec.encode([payloadConverter.toPayload(secret)], context);
    expect(Buffer.from(forA!.data!).includes('case-a')).toBe(false);
    const value = payloadConverter.fromPayload(await codec.decodeOne(forA!));
    expect(isSealed(value)).toBe(true);
    expect(sealedFor(value)).toBe('case-a');

    const [unbound] = await codec.encode([payloadConverter.toPayload(secret)]);
    const plain = payloadConverter.fromPayload(codec.decodeOne(unbound!));
    expect(isSealed(plain)).toBe(true);
    expect(sealedFor(plain)).toBeUndefined();

    // On a payload that was not sealed, the claim is removed with the mark.
    const forged = payloadConverter.toPayload(secret);
    forged.metadata = {
      ...forged.metadata,
      [SEALED_METADATA_KEY]: Buffer.from('k1'),
      [WORKFLOW_METADATA_KEY]: Buffer.from('case-a'),
    };
    const decoded = codec.decodeOne(forged);
    expect(Object.keys(decoded.metadata ?? {})).toEqual(['encoding']);
    expect(sealedFor(payloadConverter.fromPayload(decoded))).toBeUndefined();
  });

  test('each seal has its own id (its IV): the same message sent twice has the same one', async () => {
    const [a, b] = await codec.encode([
      payloadConverter.toPayload(secret),
      payloadConverter.toPayload(secret),
    ]);
    const idA = sealIdOf(payloadConverter.fromPayload(codec.decodeOne(a!)));
    expect(idA).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(sealIdOf(payloadConverter.fromPayload(codec.decodeOne(a!)))).toBe(idA);
    expect(sealIdOf(payloadConverter.fromPayload(codec.decodeOne(b!)))).not.toBe(idA);
    expect(sealIdOf(payloadConverter.fromPayload(payloadConverter.toPayload(secret)))).toBeUndefined();
  });

  test('primitives are never sealed (only objects carry the mark)', async () => {
    const [opened] = await codec.decode(await codec.encode([payloadConverter.toPayload('text')]));
    const value = payloadConverter.fromPayload(opened!);
    expect(value).toBe('text');
    expect(isSealed(value)).toBe(false);
    expect(isSealed(null)).toBe(false);
  });
});

describe('what does not open becomes an unsealed null, and decode never throws', () => {
  const { seen, listener } = unreadable();
  const codec = new EncryptionCodec(ring(['k1', 1], ['k0', 9]), listener);
  const encrypted = (data: Uint8Array, keyId?: string): Payload => ({
    metadata: {
      encoding: Buffer.from('binary/encrypted'),
      ...(keyId === undefined ? {} : { 'encryption-key-id': Buffer.from(keyId) }),
    },
    data,
  });

  beforeEach(() => seen.splice(0));

  async function expectUnreadable(p: Payload, keyId: string | undefined, reason: string) {
    const [decoded] = await codec.decode([p]);
    expect(decoded!.metadata?.[SEALED_METADATA_KEY]).toBeUndefined();
    const value = payloadConverter.fromPayload(decoded!);
    expect(value).toBeNull();
    expect(isSealed(value)).toBe(false);
    expect(seen).toEqual([{ keyId, reason }]);
    seen.splice(0);
  }

  test('tampered ciphertext, IV or tag', async () => {
    const [sealed] = await codec.encode([payloadConverter.toPayload(secret)]);
    const data = Buffer.from(sealed!.data!);
    for (const at of [0, 20, data.length - 1]) {
      const tampered = Buffer.from(data);
      tampered[at]! ^= 0x01;
      await expectUnreadable({ ...sealed!, data: tampered }, 'k1', 'does_not_open');
    }
  });

  test('the key id is authenticated: naming another known key does not open it', async () => {
    const [sealed] = await codec.encode([payloadConverter.toPayload(secret)]);
    await expectUnreadable(encrypted(sealed!.data!, 'k0'), 'k0', 'does_not_open');
  });

  test('garbage claiming to be encrypted, a missing or unknown key id, a short or empty body', async () => {
    await expectUnreadable(
      encrypted(Buffer.from('{"actor":{"id":"head-dai","role":"head"}}'), 'k1'),
      'k1',
      'does_not_open',
    );
    await expectUnreadable(encrypted(Buffer.alloc(64, 7)), undefined, 'unknown_key');
    await expectUnreadable(encrypted(Buffer.alloc(64, 7), 'rogue'), 'rogue', 'unknown_key');
    await expectUnreadable(encrypted(Buffer.alloc(10), 'k1'), 'k1', 'malformed');
    await expectUnreadable(
      { metadata: { encoding: Buffer.from('binary/encrypted'), 'encryption-key-id': Buffer.from('k1') } },
      'k1',
      'malformed',
    );
    // A sender's odd key id is not repeated into the logs.
    await expectUnreadable(encrypted(Buffer.alloc(64), 'x\n'.repeat(40)), undefined, 'unknown_key');
  });

  test('a genuine ciphertext of bytes that are not a Payload', async () => {
    const iv = Buffer.alloc(12, 5);
    const cipher = createCipheriv('aes-256-gcm', key(1), iv);
    cipher.setAAD(Buffer.from('k1'));
    const body = Buffer.concat([cipher.update(Buffer.from([0xff, 0xff, 0xff, 0xff])), cipher.final()]);
    await expectUnreadable(
      encrypted(Buffer.concat([iv, body, cipher.getAuthTag()]), 'k1'),
      'k1',
      'malformed',
    );
  });

  test('a listener that throws does not make decode throw', async () => {
    const throwing = new EncryptionCodec(ring(['k1', 1]), () => {
      throw new Error('logger down');
    });
    const [decoded] = await throwing.decode([encrypted(Buffer.alloc(40), 'k1')]);
    expect(payloadConverter.fromPayload(decoded!)).toBeNull();
  });
});

describe('rotation', () => {
  test('payloads sealed with an old key open after a new active key is added; new ones use the new key', async () => {
    const before = new EncryptionCodec(ring(['k1', 1]));
    const [old] = await before.encode([payloadConverter.toPayload(secret)]);

    const after = new EncryptionCodec(ring(['k2', 2], ['k1', 1]));
    const [opened] = await after.decode([old!]);
    expect(payloadConverter.fromPayload(opened!)).toEqual(secret);
    expect(meta(opened!, SEALED_METADATA_KEY)).toBe('k1');

    const [fresh] = await after.encode([payloadConverter.toPayload(secret)]);
    expect(meta(fresh!, 'encryption-key-id')).toBe('k2');
    // A process still on the old keyring cannot open it (and says so instead of throwing).
    const [unopened] = await before.decode([fresh!]);
    expect(payloadConverter.fromPayload(unopened!)).toBeNull();
  });
});
