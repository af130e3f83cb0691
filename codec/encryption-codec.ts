/**
 * The payload codec: AES-256-GCM over the whole inner payload (its data and metadata, serialised as a
 * `temporal.api.common.v1.Payload`, as Temporal's samples-typescript `encryption` sample does), a random 96-bit IV
 * per payload, the key id in the metadata and as additional authenticated data. Wire layout of `data`:
 * IV (12 bytes) | ciphertext | GCM tag (16 bytes).
 *
 * `decode` never throws: Temporal would fail the workflow task and retry it forever, wedging the case, on a payload
 * someone typed into the CLI or the Web UI. Instead:
 * - a payload sealed with a known key opens to its inner payload, marked `concierge-sealed: <key id>`;
 * - a payload that is not encrypted (histories recorded before encryption, anything typed by hand) passes as it
 *   is, with any `concierge-sealed` metadata removed so that nobody can forge the mark;
 * - an "encrypted" payload that does not open (unknown key, tampered, garbage) becomes a plain JSON `null`
 *   without the mark, and is reported (key id and reason, never the content).
 * The workflow refuses unmarked inputs (codec/sealed-payload-converter.ts).
 */
import type { Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto';
import type { PayloadKeyring } from './keyring';
import { SEAL_ID_METADATA_KEY, SEALED_METADATA_KEY, WORKFLOW_METADATA_KEY } from './sealed-payload-converter';

export const ENCODING_KEY = 'encoding';
export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_KEY = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const utf8 = new TextEncoder();
const text = (bytes: Uint8Array | null | undefined): string | undefined =>
  bytes === undefined || bytes === null ? undefined : Buffer.from(bytes).toString('utf8');

/** What a payload that does not open turns into: JSON `null`, unmarked. */
const UNREADABLE: Payload = {
  metadata: { [ENCODING_KEY]: utf8.encode('json/plain') },
  data: utf8.encode('null'),
};

export type UnreadableReason = 'unknown_key' | 'does_not_open' | 'malformed';

/** Told about each encrypted payload that does not open: the key id it names (if any) and why. Never the content. */
export type UnreadableListener = (info: { keyId: string | undefined; reason: UnreadableReason }) => void;

export function isEncrypted(payload: Payload): boolean {
  return text(payload.metadata?.[ENCODING_KEY]) === ENCRYPTED_ENCODING;
}

/** Metadata only a sealed payload may carry: the mark, the seal's id, the workflow it was sealed for. */
const SEAL_KEYS = [SEALED_METADATA_KEY, SEAL_ID_METADATA_KEY, WORKFLOW_METADATA_KEY];

function withoutMark(payload: Payload): Payload {
  const m = payload.metadata;
  if (!m || SEAL_KEYS.every((k) => m[k] === undefined)) return payload;
  return {
    ...payload,
    metadata: Object.fromEntries(Object.entries(m).filter(([k]) => !SEAL_KEYS.includes(k))),
  };
}

/**
 * Random IVs drawn from the CSPRNG a few hundred at a time: one call into OpenSSL per 4 KiB instead of one per
 * payload (the codec runs for every payload of every Temporal call). Each IV is still 96 fresh random bits.
 */
class IvPool {
  private readonly pool = Buffer.alloc(IV_BYTES * Math.floor(4096 / IV_BYTES));
  private next = this.pool.length;

  take(): Buffer {
    if (this.next === this.pool.length) {
      randomFillSync(this.pool);
      this.next = 0;
    }
    const iv = Buffer.from(this.pool.subarray(this.next, this.next + IV_BYTES));
    this.next += IV_BYTES;
    return iv;
  }
}

export class EncryptionCodec implements PayloadCodec {
  private readonly ivs = new IvPool();

  constructor(
    private readonly keyring: PayloadKeyring,
    private readonly onUnreadable: UnreadableListener = () => undefined,
  ) {}

  /** Seals each payload with the active key, for the workflow of `context` (the SDK passes it). */
  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    return payloads.map((p) => this.seal(p, context?.workflowId));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.decodeOne(p));
  }

  /** Seals one payload with the active key; `workflowId` (the case it is written for) is sealed in with it. */
  seal(payload: Payload, workflowId?: string): Payload {
    const keyId = this.keyring.activeId;
    const inner = withoutMark(payload);
    const bound =
      workflowId === undefined
        ? inner
        : { ...inner, metadata: { ...inner.metadata, [WORKFLOW_METADATA_KEY]: utf8.encode(workflowId) } };
    const plaintext = temporal.api.common.v1.Payload.encode(bound).finish();
    const iv = this.ivs.take();
    const cipher = createCipheriv('aes-256-gcm', this.keyring.activeCipherKey, iv, {
      authTagLength: TAG_BYTES,
    });
    cipher.setAAD(utf8.encode(keyId));
    const data = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: { [ENCODING_KEY]: utf8.encode(ENCRYPTED_ENCODING), [KEY_ID_KEY]: utf8.encode(keyId) },
      data: new Uint8Array(data),
    };
  }

  /**
   * Opens an encrypted payload: its inner payload and the key id, or why it does not open. Never throws.
   * (For the codec endpoint, which shows what it cannot open as it is.)
   */
  open(
    payload: Payload,
  ): { inner: Payload; keyId: string; sealId: string } | { reason: UnreadableReason; keyId?: string } {
    let keyId: string | undefined;
    try {
      keyId = text(payload.metadata?.[KEY_ID_KEY]);
      const key = keyId === undefined ? undefined : this.keyring.cipherKey(keyId);
      if (keyId === undefined || key === undefined) return { reason: 'unknown_key', keyId };
      const data = payload.data ?? new Uint8Array();
      if (data.length < IV_BYTES + TAG_BYTES) return { reason: 'malformed', keyId };
      const iv = data.subarray(0, IV_BYTES);
      const tag = data.subarray(data.length - TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(utf8.encode(keyId));
      decipher.setAuthTag(tag);
      let plaintext: Buffer;
      try {
        plaintext = Buffer.concat([
          decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
          decipher.final(),
        ]);
      } catch {
        return { reason: 'does_not_open', keyId };
      }
      const inner = temporal.api.common.v1.Payload.decode(plaintext);
      const sealId = Buffer.from(iv).toString('base64url');
      return { inner: { metadata: { ...inner.metadata }, data: inner.data }, keyId, sealId };
    } catch {
      return { reason: 'malformed', keyId };
    }
  }

  /** One payload as the workers and clients see it (see the module comment). Never throws. */
  decodeOne(payload: Payload): Payload {
    try {
      if (!isEncrypted(payload)) return withoutMark(payload);
      const opened = this.open(payload);
      if ('inner' in opened) {
        return {
          ...opened.inner,
          metadata: {
            ...withoutMark(opened.inner).metadata,
            ...(opened.inner.metadata?.[WORKFLOW_METADATA_KEY]
              ? { [WORKFLOW_METADATA_KEY]: opened.inner.metadata[WORKFLOW_METADATA_KEY] }
              : {}),
            [SEALED_METADATA_KEY]: utf8.encode(opened.keyId),
            [SEAL_ID_METADATA_KEY]: utf8.encode(opened.sealId),
          },
        };
      }
      this.report(opened.keyId, opened.reason);
    } catch {
      this.report(undefined, 'malformed');
    }
    return { metadata: { ...UNREADABLE.metadata }, data: UNREADABLE.data };
  }

  private report(keyId: string | undefined, reason: UnreadableReason): void {
    try {
      // The id is the sender's text: reported only when it looks like a key id.
      this.onUnreadable({
        keyId: keyId !== undefined && /^[A-Za-z0-9._-]{1,64}$/.test(keyId) ? keyId : undefined,
        reason,
      });
    } catch {
      // a listener's failure must not fail the workflow task either
    }
  }
}
