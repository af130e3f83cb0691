/**
 * Page tokens handed to clients: Temporal's own token, signed with HMAC-SHA256 under a secret key together with
 * the visibility query it belongs to and a tag of the Temporal store that issued it (list-store.ts). A token from
 * another filter set, an altered one, or one that was never issued is refused here at once with a 400, rather
 * than sent to Temporal (which answers a garbage token with a retried UNKNOWN error, then a timeout); the route
 * refuses one whose store tag is not its own store's (another store reads it as its own: a wrong page). Every API
 * process with the same key (PAGE_TOKEN_SECRET, or the key generated into DATA_DIR in development) accepts the
 * others' tokens.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Format version, first byte of every token: a later format can be told apart (and refused) at once. */
const VERSION = 2;
/**
 * Tokens of the format before store tags (query and Temporal's token), from API processes of the release before:
 * read as before, without a store check, so that walks under way through a rolling deploy go on. Drop with the
 * next format.
 */
const UNTAGGED = 1;
const MAC_BYTES = 32;
const TAG_BYTES = 8;
/** Keeps these MACs apart from anything else the same key might ever sign. */
const DOMAIN = { [VERSION]: 'concierge/page-token/v2\0', [UNTAGGED]: 'concierge/page-token/v1\0' };

/** A token this key signed for the query: Temporal's token, and the tag of its store (none in an untagged one). */
export interface SignedPage {
  temporalToken: Uint8Array;
  storeTag?: Buffer;
}

/** The tag of a store (list-store.ts) in a token: a digest, short and of fixed length. */
export const storeTagOf = (store: string): Buffer =>
  createHash('sha256').update(store, 'utf8').digest().subarray(0, TAG_BYTES);

export class PageTokens {
  private readonly key: Buffer;

  constructor(secret: string | Buffer) {
    this.key = Buffer.isBuffer(secret) ? Buffer.from(secret) : Buffer.from(secret, 'utf8');
    if (this.key.length < 16) throw new Error('a page token key needs at least 16 bytes');
  }

  private mac(version: number, query: string, storeTag: Buffer, temporalToken: Uint8Array): Buffer {
    const q = Buffer.from(query, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(q.length);
    // The query's length first: (query, token) pairs cannot be re-split into another valid pair.
    return createHmac('sha256', this.key)
      .update(DOMAIN[version as keyof typeof DOMAIN])
      .update(length)
      .update(q)
      .update(storeTag)
      .update(temporalToken)
      .digest();
  }

  encode(query: string, store: string, temporalToken: Uint8Array): string {
    const tag = storeTagOf(store);
    const mac = this.mac(VERSION, query, tag, temporalToken);
    return Buffer.concat([Buffer.of(VERSION), tag, mac, temporalToken]).toString('base64url');
  }

  /** What the token holds, or undefined when this key did not sign it for this query. */
  decode(query: string, token: string): SignedPage | undefined {
    const raw = Buffer.from(token, 'base64url');
    const version = raw[0];
    const tagBytes = version === VERSION ? TAG_BYTES : version === UNTAGGED ? 0 : undefined;
    if (version === undefined || tagBytes === undefined || raw.length <= 1 + tagBytes + MAC_BYTES)
      return undefined;
    const tag = raw.subarray(1, 1 + tagBytes);
    const given = raw.subarray(1 + tagBytes, 1 + tagBytes + MAC_BYTES);
    const temporalToken = raw.subarray(1 + tagBytes + MAC_BYTES);
    if (!timingSafeEqual(given, this.mac(version, query, tag, temporalToken))) return undefined;
    return tagBytes === 0 ? { temporalToken } : { temporalToken, storeTag: tag };
  }
}
