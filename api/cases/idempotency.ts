/**
 * An action's Idempotency-Key as the case sees it (workflows/applied-requests.ts): which principal's key, and
 * what exactly was asked. Scoped to (principal, case): the key id covers the principal, the case keeps its own.
 */
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

/**
 * The Temporal update id of a keyed request. Temporal answers an update id it has seen in the current run with
 * that update's outcome (waiting for it while it is in flight), so concurrent and quick repeats never reach
 * the case twice. The request hash is part of it: the same key with another request must reach the case, to
 * be refused.
 */
export const updateIdFor = (r: RequestIdentity) => `idem-${r.keyId}-${r.requestHash}`;
