/**
 * An action's Idempotency-Key as the case sees it (workflows/applied-requests.ts): which principal's key, and
 * what exactly was asked. Scoped to (principal, case): the key id covers the principal, the case keeps its own.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import type { PayloadKeyring } from '../../codec';
import type { RequestIdentity } from '../../workflows/messages';
import { canonicalJson, sha256 } from './open-case';

/** 32 hex characters (128 bits) of SHA-256: no collision in practice, and short in the case's record. */
const digest = (text: string) => sha256(text).slice(0, 32);

export interface ActionRequest {
  /** The route's path template after /v1/cases/{id}/, e.g. `compensations/:compensationId/approve`. */
  action: string;
  compensationId?: string;
  /** The validated body (free text trimmed): bodies that differ only in key order or padding are the same. */
  body: unknown;
}

/** The identity of a keyed request; undefined without a key (the action is then applied every time). */
export function actionIdentity(
  principalId: string,
  idempotencyKey: string | undefined,
  request: ActionRequest,
): RequestIdentity | undefined {
  if (idempotencyKey === undefined) return undefined;
  return {
    keyId: digest(`${principalId}\n${idempotencyKey}`),
    requestHash: digest(canonicalJson(request)),
  };
}

/** The key of update ids: HKDF of the payload keyring's active key, derived once per process. */
export const updateIdKey = (keys: PayloadKeyring): Buffer =>
  Buffer.from(hkdfSync('sha256', keys.activeKey, Buffer.alloc(0), 'concierge update id v1', 32));

/**
 * The Temporal update id of a keyed request. Temporal answers an update id it has seen in the current run with
 * that update's outcome (waiting for it while it is in flight), so concurrent and quick repeats never reach
 * the case twice. The request hash is part of it: the same key with another request must reach the case, to
 * be refused. Update ids are stored in clear in the history (they are not payloads), and a bare hash of the
 * request would let a reader of it confirm a guessed note: so the id is an HMAC (128 bits) under `key`
 * (`updateIdKey`). After a key rotation a repeat gets another id; the case's own memory
 * (workflows/applied-requests.ts, inside the sealed arguments) still answers it.
 */
export const updateIdFor = (key: Buffer, r: RequestIdentity): string =>
  `idem-${createHmac('sha256', key).update(`${r.keyId}\n${r.requestHash}`).digest('hex').slice(0, 32)}`;
