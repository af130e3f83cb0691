/**
 * An action sent with an Idempotency-Key is applied once per case: the case remembers which request each key
 * applied, in its carried state, so the memory survives continue-as-new. A repeat changes nothing and is
 * answered with the case view; the same key with another action or body is refused (idempotency_conflict).
 * A rejected request is not remembered: it changed nothing, so a repeat of it is simply evaluated again.
 *
 * Temporal already answers a repeat within one run itself (the API derives the update id from the same key
 * and request); this memory covers the rest: repeats after continue-as-new, or with another update id.
 */
import type { CaseState } from './case-state';
import { REJECTIONS, type RequestIdentity } from './messages';
import { reject } from './rejection';

/**
 * Keys remembered per case, the newest kept. Each takes about 75 bytes of the case's record (two 32-character
 * ids), so the memory stays under 80 KB: counted by the record meter, and well inside the room the record
 * budget leaves below Temporal's payload limit.
 */
export const APPLIED_REQUESTS_KEPT = 1_000;

/** Whether a keyed request forgotten by the newest-first memory may be recognised by the kept one (a patch check). */
export type RecallKept = () => boolean;

export class AppliedRequests {
  private readonly byKey: Map<string, string>;
  private readonly keptByKey: Map<string, string>;

  constructor(private readonly state: CaseState) {
    this.byKey = new Map(state.appliedRequests ?? []);
    this.keptByKey = new Map(state.keptRequests ?? []);
  }

  /**
   * Whether this exact request was applied already (the caller then answers with the view and applies
   * nothing). A key already used for another request is rejected: nothing changes. A handler passes `recallKept`:
   * a history recorded before keys were kept applied such a repeat, and replays so. `checkCaller` runs first when
   * the key is known, so a caller who may no longer read the case gets its refusal, not the key's answer.
   */
  isRepeat(
    request: RequestIdentity | undefined,
    recallKept: RecallKept = () => true,
    checkCaller: () => void = () => undefined,
  ): boolean {
    if (request === undefined) return false;
    const applied = this.byKey.get(request.keyId) ?? this.recalled(request.keyId, recallKept);
    if (applied === undefined) return false;
    // A key this case knows: only a caller who may still read the case learns what it did (a repeat or a conflict).
    checkCaller();
    if (applied === request.requestHash) return true;
    return reject(
      REJECTIONS.idempotencyConflict,
      `This Idempotency-Key was already used on case ${this.state.view.id} for another action or body; nothing was changed`,
    );
  }

  private recalled(keyId: string, recallKept: RecallKept): string | undefined {
    const kept = this.keptByKey.get(keyId);
    return kept !== undefined && recallKept() ? kept : undefined;
  }

  /**
   * Records a request just applied (a request without a key is not remembered). A proposal of compensation is
   * also kept for good: forgotten, its repeat would pay a second time. A case holds few of them (each is a
   * compensation in its budgeted record), so the kept memory stays small.
   */
  remember(request: RequestIdentity | undefined, keepForGood = false): void {
    if (request === undefined) return;
    const applied = (this.state.appliedRequests ??= []);
    applied.push([request.keyId, request.requestHash]);
    this.byKey.set(request.keyId, request.requestHash);
    while (applied.length > APPLIED_REQUESTS_KEPT) {
      const [oldest] = applied.shift()!;
      this.byKey.delete(oldest);
    }
    if (keepForGood && !this.keptByKey.has(request.keyId)) {
      (this.state.keptRequests ??= []).push([request.keyId, request.requestHash]);
      this.keptByKey.set(request.keyId, request.requestHash);
    }
  }
}
