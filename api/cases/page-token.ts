/**
 * Page tokens handed to clients: Temporal's own token, prefixed with a digest of the visibility query it
 * belongs to. A token from another filter set, or one that was never issued, is refused here with a 400
 * rather than sent to Temporal (which answers a garbage token with a retried UNKNOWN error, then a timeout).
 */
import { createHash } from 'node:crypto';

const DIGEST_BYTES = 8;

const digestOf = (query: string) => createHash('sha256').update(query).digest().subarray(0, DIGEST_BYTES);

export function encodePageToken(query: string, temporalToken: Uint8Array): string {
  return Buffer.concat([digestOf(query), temporalToken]).toString('base64url');
}

/** Temporal's token, or undefined when the token was not issued for this query. */
export function decodePageToken(query: string, token: string): Uint8Array | undefined {
  const raw = Buffer.from(token, 'base64url');
  if (raw.length <= DIGEST_BYTES || !raw.subarray(0, DIGEST_BYTES).equals(digestOf(query))) return undefined;
  return raw.subarray(DIGEST_BYTES);
}
