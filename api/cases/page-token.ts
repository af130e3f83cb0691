/**
 * Page tokens handed to clients: Temporal's own token, signed with HMAC-SHA256 under a secret key together with
 * the visibility query it belongs to. A token from another filter set, an altered one, or one that was never
 * issued is refused here at once with a 400, rather than sent to Temporal (which answers a garbage token with a
 * retried UNKNOWN error, then a timeout). Every API process with the same key (PAGE_TOKEN_SECRET, or the key
 * generated into DATA_DIR in development) accepts the others' tokens.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Format version, first byte of every token: a later format can be told apart (and refused) at once. */
const VERSION = 1;
const MAC_BYTES = 32;
const HEADER_BYTES = 1 + MAC_BYTES;
/** Keeps these MACs apart from anything else the same key might ever sign. */
const DOMAIN = 'concierge/page-token/v1\0';

export class PageTokens {
  private readonly key: Buffer;

  constructor(secret: string | Buffer) {
    this.key = Buffer.isBuffer(secret) ? Buffer.from(secret) : Buffer.from(secret, 'utf8');
    if (this.key.length < 16) throw new Error('a page token key needs at least 16 bytes');
  }

  private mac(query: string, temporalToken: Uint8Array): Buffer {
    const q = Buffer.from(query, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(q.length);
    // The query's length first: (query, token) pairs cannot be re-split into another valid pair.
    return createHmac('sha256', this.key)
      .update(DOMAIN)
      .update(length)
      .update(q)
      .update(temporalToken)
      .digest();
  }

  encode(query: string, temporalToken: Uint8Array): string {
    return Buffer.concat([Buffer.of(VERSION), this.mac(query, temporalToken), temporalToken]).toString(
      'base64url',
    );
  }

  /** Temporal's token, or undefined when this key did not sign it for this query. */
  decode(query: string, token: string): Uint8Array | undefined {
    const raw = Buffer.from(token, 'base64url');
    if (raw.length <= HEADER_BYTES || raw[0] !== VERSION) return undefined;
    const temporalToken = raw.subarray(HEADER_BYTES);
    const given = raw.subarray(1, HEADER_BYTES);
    return timingSafeEqual(given, this.mac(query, temporalToken)) ? temporalToken : undefined;
  }
}
