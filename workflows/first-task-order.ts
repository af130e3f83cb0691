/**
 * Updates that reach a run before its handlers exist, in its first workflow task (actions sent while a
 * backlogged worker had not yet started the case, or while the case continued as new), are handed over by the
 * SDK as each handler is registered: in the catalogue's order (callback, notes, wait, ..., cancel), not in the
 * order they were sent. A rejection sent before an approval came after it, and the approval paid. So while the
 * handlers are being registered, each such update is only taken in (its validator checks its seal, nothing
 * else) and held; once every handler is registered, the held ones apply in the order the API sent them (their
 * stamps), each on the case as the ones sent before left it. Each is checked by its handler's own checks (every
 * handler checks before it applies), which replay as they ran, and by every rule of its validator, behind
 * patches asked only when such a rule refuses (held-checks.ts): asked unconditionally, they would refuse on
 * replay what a history recorded before them shows applied. One that is refused fails: an update already
 * accepted can no longer be rejected. Its seal is remembered all the same (a copy of it is refused later).
 */

interface Held {
  sentAt: number | undefined;
  start: () => void;
}

export class FirstTaskOrder {
  private held: Held[] | undefined = [];

  /** True until `release`: the handlers are being registered, and an update handed over now is held. */
  get holding(): boolean {
    return this.held !== undefined;
  }

  /** Runs `act` now, or, while holding, once released (`held` says which). */
  inTurn<T>(sentAt: number | undefined, act: (held: boolean) => Promise<T>): Promise<T> {
    if (this.held === undefined) return act(false);
    return new Promise<T>((resolve, reject) => {
      this.held!.push({
        sentAt,
        start: () => {
          act(true).then(resolve, reject);
        },
      });
    });
  }

  /**
   * Every handler is registered: applies the held updates, in the order sent when `inSentOrder()` says so (asked
   * only when that order differs from the order they were handed over in), else as handed over.
   */
  release(inSentOrder: () => boolean): void {
    const held = this.held ?? [];
    this.held = undefined;
    const stamped = held.every((h) => h.sentAt !== undefined);
    const sorted = stamped ? [...held].sort((a, b) => a.sentAt! - b.sentAt!) : held;
    const order = sorted.some((h, i) => h !== held[i]) && inSentOrder() ? sorted : held;
    for (const h of order) h.start();
  }
}
